package com.acme.grpc.health;

import com.acme.grpc.InterceptorOrder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.boot.grpc.server.health.GrpcServerHealth;
import org.springframework.boot.grpc.server.health.HealthCheckedGrpcComponents;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Drain-aware gRPC health: NOT_SERVING the moment shutdown begins, an optional drain
 * delay for polling health checkers ({@code acme.grpc.server.health.drain-delay}), open
 * Watch streams ended so the server can drain, readiness changes pushed at once, and
 * every published status as the gauge {@code grpc_server_health_serving}.
 *
 * <p>
 * Runs before Spring Boot's gRPC health auto-configuration, whose beans back off for the
 * ones here, under the same conditions as Boot's.
 */
@AutoConfiguration(before = GrpcServerHealthAutoConfiguration.class,
		afterName = "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration")
@ConditionalOnClass(HealthStatusManager.class)
@ConditionalOnBooleanProperty(name = "spring.grpc.server.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "spring.grpc.server.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShutdownHealthProperties.class)
public class HealthAutoConfiguration {

	/**
	 * Replaces Spring Boot's {@link HealthStatusManager} bean, which enters the terminal
	 * state when the bean is destroyed, after the server has already drained.
	 * {@link ShutdownHealth} does that at the start of shutdown instead; doing it twice
	 * makes grpc-java log a warning with a stack trace.
	 */
	@Bean
	@ConditionalOnMissingBean
	HealthStatusManager grpcServerHealthStatusManager() {
		return new HealthStatusManager();
	}

	@Bean
	@ConditionalOnMissingBean
	@GlobalServerInterceptor
	@Order(InterceptorOrder.HEALTH_WATCH_STREAMS)
	HealthWatchStreams healthWatchStreams() {
		return new HealthWatchStreams();
	}

	@Bean
	@ConditionalOnMissingBean
	ShutdownHealth shutdownHealth(HealthStatusManager health, ObjectProvider<HealthStatusMetrics> healthMetrics,
			HealthWatchStreams watchStreams, ShutdownHealthProperties properties) {
		return new ShutdownHealth(health, healthMetrics.getIfAvailable(), watchStreams, properties);
	}

	/** Actuator's health, published to gRPC health as Boot does, and exported. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(HealthContributorRegistry.class)
	static class PublishedHealthConfiguration {

		/**
		 * Replaces Spring Boot's GrpcServerHealth with one that also exports what it
		 * publishes.
		 */
		@Bean
		@ConditionalOnMissingBean(GrpcServerHealth.class)
		HealthStatusMetrics grpcServerHealth(HealthContributorRegistry registry,
				ObjectProvider<ReactiveHealthContributorRegistry> fallbackRegistry,
				HealthCheckedGrpcComponents components, MeterRegistry meterRegistry) {
			return new HealthStatusMetrics(registry, fallbackRegistry.getIfAvailable(), components, meterRegistry);
		}

		@Bean
		@ConditionalOnMissingBean
		ReadinessHealthUpdater readinessHealthUpdater(GrpcServerHealth serverHealth, HealthStatusManager health) {
			return new ReadinessHealthUpdater(serverHealth, health);
		}

	}

}
