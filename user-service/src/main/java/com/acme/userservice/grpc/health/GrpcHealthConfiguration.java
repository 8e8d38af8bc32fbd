package com.acme.userservice.grpc.health;

import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Replaces Spring Boot's {@link HealthStatusManager} bean, which enters the terminal state when
 * the bean is destroyed, after the server has already drained. {@link ShutdownHealth} does that
 * at the start of shutdown instead; doing it twice makes grpc-java log a warning with a stack
 * trace.
 */
@Configuration(proxyBeanMethods = false)
class GrpcHealthConfiguration {

	@Bean
	HealthStatusManager grpcServerHealthStatusManager() {
		return new HealthStatusManager();
	}

}
