package com.acme.grpc.error;

import java.util.List;

import com.google.rpc.Code;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorAutoConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorAutoConfiguration.class))
		.withPropertyValues("acme.grpc.error.domain=things.example");

	@Test
	void theServicesResolversComeBeforeTheSecurityOnesAndTheDomainIsConfigured() {
		this.contexts.withUserConfiguration(DomainErrors.class).run((context) -> {
			ErrorStatuses statuses = context.getBean(ErrorStatuses.class);
			assertThat(statuses.domain()).isEqualTo("things.example");
			// The service's resolver answers a refusal its own way, before the
			// platform's.
			assertThat(statuses.of(new AccessDeniedException("no")).toProto().getCode())
				.isEqualTo(Code.NOT_FOUND_VALUE);
			assertThat(context).hasSingleBean(GrpcExceptionMapper.class)
				.hasSingleBean(RequestParsingServiceConfigurer.class);
		});
	}

	@Test
	void everyBeanBacksOffForTheServicesOwn() {
		this.contexts.withUserConfiguration(OwnMapper.class).run((context) -> {
			assertThat(context).getBean(GrpcExceptionMapper.class).isSameAs(OwnMapper.MAPPER);
		});
	}

	@Test
	void anEmptyDomainIsRefusedAtStartup() {
		this.contexts.withPropertyValues("acme.grpc.error.domain=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("acme.grpc.error.domain");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class DomainErrors {

		@Bean
		@Order(0)
		ExceptionStatusResolver hideRefusals() {
			return (exception, statuses) -> (exception instanceof AccessDeniedException)
					? statuses.error(Code.NOT_FOUND, "not found", "NOT_FOUND") : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMapper {

		static final GrpcExceptionMapper MAPPER = new GrpcExceptionMapper(new ErrorStatuses("own.example", List.of()));

		@Bean
		GrpcExceptionMapper ownMapper() {
			return MAPPER;
		}

	}

}
