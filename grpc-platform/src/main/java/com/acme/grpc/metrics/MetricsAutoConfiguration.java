package com.acme.grpc.metrics;

import com.acme.grpc.InterceptorOrder;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Call outcomes as the client saw them: a call that ended at its deadline is counted as
 * DEADLINE_EXCEEDED, a cancelled one as CANCELLED, not as whatever the handler last set.
 * Histogram buckets for {@code grpc.server} and {@code grpc.client} come from the
 * platform's {@code acme-grpc-defaults.yml}.
 */
@AutoConfiguration(before = GrpcServerObservationAutoConfiguration.class)
public class MetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@GlobalServerInterceptor
	@Order(InterceptorOrder.CALL_OUTCOME)
	CallOutcomeInterceptor callOutcomeInterceptor(ObservationRegistry registry) {
		return new CallOutcomeInterceptor(registry);
	}

	@Bean
	@ConditionalOnMissingBean(GrpcServerObservationConvention.class)
	CallOutcomeObservationConvention callOutcomeObservationConvention() {
		return new CallOutcomeObservationConvention();
	}

}
