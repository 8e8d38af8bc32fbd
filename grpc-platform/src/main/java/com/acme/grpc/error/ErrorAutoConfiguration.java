package com.acme.grpc.error;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;

/**
 * Errors as one status model ({@code acme.grpc.error.domain}), and request messages
 * parsed inside the call chain so that bad bytes are an INVALID_ARGUMENT like any other.
 * After Boot's client observation, whose interceptor has no order either: of two equal
 * orders the later bean is nearer the transport, so the client metrics count a lost
 * connection as UNAVAILABLE too.
 */
@AutoConfiguration(before = GrpcServerAutoConfiguration.class,
		afterName = "org.springframework.boot.grpc.client.autoconfigure.GrpcClientObservationAutoConfiguration")
@EnableConfigurationProperties(ErrorProperties.class)
public class ErrorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ErrorStatuses errorStatuses(ErrorProperties properties, ObjectProvider<ExceptionStatusResolver> resolvers) {
		return new ErrorStatuses(properties.domain(), resolvers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	GrpcExceptionMapper grpcExceptionMapper(ErrorStatuses statuses) {
		return new GrpcExceptionMapper(statuses);
	}

	/** Innermost on every channel: the first to see a status the transport made. */
	@Bean
	@ConditionalOnMissingBean
	@GlobalClientInterceptor
	@Order(Ordered.LOWEST_PRECEDENCE)
	ConnectionLossClientInterceptor connectionLossClientInterceptor() {
		return new ConnectionLossClientInterceptor();
	}

	@Bean
	@ConditionalOnMissingBean(GrpcServiceConfigurer.class)
	RequestParsingServiceConfigurer requestParsingServiceConfigurer(ApplicationContext context) {
		return new RequestParsingServiceConfigurer(context);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.core.AuthenticationException")
	static class SecurityErrorsConfiguration {

		/** After the service's own resolvers, which may answer these differently. */
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		@ConditionalOnMissingBean
		SecurityExceptionStatuses securityExceptionStatuses() {
			return new SecurityExceptionStatuses();
		}

	}

}
