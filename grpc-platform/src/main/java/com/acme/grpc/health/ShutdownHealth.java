package com.acme.grpc.health;

import io.grpc.protobuf.services.HealthStatusManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Turns gRPC health to NOT_SERVING for every service the moment shutdown begins, before
 * the gRPC server stops accepting calls and drains the ones in flight.
 *
 * <p>
 * Spring publishes {@link ContextClosedEvent} before it stops lifecycle beans such as the
 * gRPC server. Clients that Watch health (client-side health checking, as order-service
 * does) hear NOT_SERVING at once and stop sending new calls here. Clients that poll Check
 * need time to poll: {@code acme.grpc.server.health.drain-delay} holds shutdown that long
 * while calls are still served. Spring Boot by itself keeps reporting SERVING until the
 * server is gone (spring-grpc#354). The terminal state also stops the periodic
 * Actuator-to-gRPC health update from flipping it back.
 */
public class ShutdownHealth implements ApplicationListener<ContextClosedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(ShutdownHealth.class);

	private final HealthStatusManager health;

	private final @Nullable HealthStatusMetrics healthMetrics;

	private final HealthWatchStreams watchStreams;

	private final ShutdownHealthProperties properties;

	/**
	 * @param healthMetrics the gauge to set NOT_SERVING with the health service, if the
	 * service exports it
	 */
	public ShutdownHealth(HealthStatusManager health, @Nullable HealthStatusMetrics healthMetrics,
			HealthWatchStreams watchStreams, ShutdownHealthProperties properties) {
		this.health = health;
		this.healthMetrics = healthMetrics;
		this.watchStreams = watchStreams;
		this.properties = properties;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		logger.info("Shutdown started: gRPC health is NOT_SERVING; calls in flight will drain");
		if (this.healthMetrics != null) {
			this.healthMetrics.enterTerminalState(this.health);
		}
		else {
			this.health.enterTerminalState();
		}
		waitForPollingHealthCheckers();
		this.watchStreams.endAll();
	}

	private void waitForPollingHealthCheckers() {
		if (this.properties.drainDelay().isZero()) {
			return;
		}
		logger.info("Still serving for {} ms so that health checkers notice", this.properties.drainDelay().toMillis());
		try {
			// Deliberately blocks shutdown: this is the point of the setting.
			Thread.sleep(this.properties.drainDelay().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
