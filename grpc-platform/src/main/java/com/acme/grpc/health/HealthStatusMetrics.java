package com.acme.grpc.health;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.grpc.server.health.GrpcServerHealth;
import org.springframework.boot.grpc.server.health.HealthCheckedGrpcComponents;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;

/**
 * Spring Boot's {@link GrpcServerHealth}, which also records every status it publishes to
 * gRPC health as the gauge {@code grpc_server_health_serving{service=...}}: 1 for
 * SERVING, 0 for anything else. Prometheus alerts on it (GrpcHealthNotServing); the value
 * is exactly what clients doing health checks are told, as it is recorded where the
 * status is published: Boot's scheduled update and {@link ReadinessHealthUpdater} both go
 * through {@link #update}. The overall server status (service {@code ""}) is labelled
 * {@code service="overall"}.
 */
public class HealthStatusMetrics extends GrpcServerHealth {

	static final String METRIC = "grpc.server.health.serving";

	private final MeterRegistry registry;

	private final Map<String, AtomicInteger> serving = new ConcurrentHashMap<>();

	private volatile boolean terminal;

	public HealthStatusMetrics(HealthContributorRegistry registry,
			@Nullable ReactiveHealthContributorRegistry fallbackRegistry, HealthCheckedGrpcComponents components,
			MeterRegistry meterRegistry) {
		super(registry, fallbackRegistry, components);
		this.registry = meterRegistry;
	}

	@Override
	public void update(HealthStatusManager manager) {
		update((service, status) -> {
			manager.setStatus(service, status);
			// After the terminal state grpc-java ignores updates; so does the gauge.
			record(service, this.terminal ? ServingStatus.NOT_SERVING : status);
		});
	}

	/** Shutdown: every service NOT_SERVING for good (see {@link ShutdownHealth}). */
	void enterTerminalState(HealthStatusManager manager) {
		this.terminal = true;
		manager.enterTerminalState();
		this.serving.keySet().forEach((service) -> record(service, ServingStatus.NOT_SERVING));
	}

	private void record(String service, ServingStatus status) {
		this.serving.computeIfAbsent(service, this::register).set((status == ServingStatus.SERVING) ? 1 : 0);
	}

	private AtomicInteger register(String service) {
		AtomicInteger value = new AtomicInteger();
		Gauge.builder(METRIC, value, AtomicInteger::get)
			.tag("service", service.isEmpty() ? "overall" : service)
			.description("1 when gRPC health reports SERVING for the service, 0 otherwise")
			.register(this.registry);
		return value;
	}

}
