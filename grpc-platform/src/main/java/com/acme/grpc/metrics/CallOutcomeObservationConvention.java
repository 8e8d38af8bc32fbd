package com.acme.grpc.metrics;

import io.grpc.Status;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.binder.grpc.DefaultGrpcServerObservationConvention;
import io.micrometer.core.instrument.binder.grpc.GrpcObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;

/**
 * Micrometer's server convention, except that a call marked by
 * {@link CallOutcomeInterceptor} is tagged with the code the client actually saw
 * (DEADLINE_EXCEEDED or CANCELLED). Everything else, the metric names and the other tags
 * included, stays Micrometer's, so dashboards built for the stock instrumentation keep
 * working. Spring Boot applies this bean to its observation interceptor.
 */
public class CallOutcomeObservationConvention extends DefaultGrpcServerObservationConvention {

	@Override
	public KeyValues getLowCardinalityKeyValues(GrpcServerObservationContext context) {
		KeyValues keyValues = super.getLowCardinalityKeyValues(context);
		Status.Code endedEarly = context.get(CallOutcomeInterceptor.ENDED_EARLY);
		return (endedEarly != null) ? keyValues.and(LowCardinalityKeyNames.STATUS_CODE.withValue(endedEarly.name()))
				: keyValues;
	}

}
