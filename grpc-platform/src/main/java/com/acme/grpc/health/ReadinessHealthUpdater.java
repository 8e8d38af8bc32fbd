package com.acme.grpc.health;

import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.grpc.server.health.GrpcServerHealth;
import org.springframework.context.event.EventListener;

/**
 * Pushes Actuator health to gRPC health as soon as readiness changes, instead of at the
 * next scheduled update ({@code spring.grpc.server.health.schedule.period}). Clients see
 * SERVING the moment the application is ready, not up to one period later.
 */
public class ReadinessHealthUpdater {

	private final GrpcServerHealth serverHealth;

	private final HealthStatusManager health;

	public ReadinessHealthUpdater(GrpcServerHealth serverHealth, HealthStatusManager health) {
		this.serverHealth = serverHealth;
		this.health = health;
	}

	@EventListener
	public void onReadinessChange(AvailabilityChangeEvent<ReadinessState> event) {
		this.serverHealth.update(this.health);
	}

}
