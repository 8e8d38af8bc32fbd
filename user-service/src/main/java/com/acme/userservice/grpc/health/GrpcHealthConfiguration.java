package com.acme.userservice.grpc.health;

import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.grpc.server.health.HealthCheckedGrpcComponents;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GrpcHealthConfiguration {

	/**
	 * Replaces Spring Boot's {@link HealthStatusManager} bean, which enters the terminal
	 * state when the bean is destroyed, after the server has already drained.
	 * {@link ShutdownHealth} does that at the start of shutdown instead; doing it twice
	 * makes grpc-java log a warning with a stack trace.
	 */
	@Bean
	HealthStatusManager grpcServerHealthStatusManager() {
		return new HealthStatusManager();
	}

	/**
	 * Replaces Spring Boot's GrpcServerHealth with one that also exports what it
	 * publishes.
	 */
	@Bean
	HealthStatusMetrics grpcServerHealth(HealthContributorRegistry registry,
			ObjectProvider<ReactiveHealthContributorRegistry> fallbackRegistry, HealthCheckedGrpcComponents components,
			MeterRegistry meterRegistry) {
		return new HealthStatusMetrics(registry, fallbackRegistry.getIfAvailable(), components, meterRegistry);
	}

}
