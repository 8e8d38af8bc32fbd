package com.acme.grpc.limits;

import com.acme.grpc.InterceptorOrder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * What one client connection may ask of the server: concurrent calls, stream resets
 * (rapid reset), metadata size ({@code acme.grpc.server.limits.*}). Message size and
 * keepalive are Spring Boot's own properties, with defaults in the platform's
 * {@code acme-grpc-defaults.yml}.
 */
@AutoConfiguration
@EnableConfigurationProperties(ServerLimitsProperties.class)
public class LimitsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConnectionLimits connectionLimits(ServerLimitsProperties limits) {
		return new ConnectionLimits(limits);
	}

	@Bean
	@ConditionalOnMissingBean
	@GlobalServerInterceptor
	@Order(InterceptorOrder.METADATA_SIZE)
	MetadataSizeInterceptor metadataSizeInterceptor(ServerLimitsProperties limits) {
		return new MetadataSizeInterceptor(limits);
	}

}
