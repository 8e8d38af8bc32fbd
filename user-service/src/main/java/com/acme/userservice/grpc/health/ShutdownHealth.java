package com.acme.userservice.grpc.health;

import io.grpc.protobuf.services.HealthStatusManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Turns gRPC health to NOT_SERVING for every service the moment shutdown begins, before the
 * gRPC server stops accepting calls and drains the ones in flight.
 *
 * <p>Spring publishes {@link ContextClosedEvent} before it stops lifecycle beans such as the
 * gRPC server, so health-checking clients and load balancers hear NOT_SERVING while this
 * instance still answers. Spring Boot by itself keeps reporting SERVING until the server is gone
 * (spring-grpc#354). The terminal state also stops the periodic Actuator-to-gRPC health update
 * from flipping it back.
 */
@Component
public class ShutdownHealth implements ApplicationListener<ContextClosedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(ShutdownHealth.class);

	private final HealthStatusManager health;

	private final HealthWatchStreams watchStreams;

	public ShutdownHealth(HealthStatusManager health, HealthWatchStreams watchStreams) {
		this.health = health;
		this.watchStreams = watchStreams;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		logger.info("Shutdown started: gRPC health is NOT_SERVING, draining calls in flight");
		this.health.enterTerminalState();
		this.watchStreams.endAll();
	}

}
