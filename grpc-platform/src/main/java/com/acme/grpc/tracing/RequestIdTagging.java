package com.acme.grpc.tracing;

import com.acme.grpc.metadata.PropagatedHeaders;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Puts the request id on the span of every gRPC call, served or made, as the tag
 * {@value #REQUEST_ID}: a request id from a log line, a client's error report or an
 * {@code X-Request-Id} response header finds its trace
 * ({@code /api/v2/traces?annotationQuery=request.id=...}). The REST edge tags its HTTP
 * spans with the same name.
 *
 * <p>
 * Read when the observation starts: the platform's metadata interceptor, outermost, has
 * then made the call's headers current (on the client, the request being handled has).
 * One name on every kind of span, rather than OpenTelemetry's per-protocol header
 * attributes, so that one query finds the trace in every service. High-cardinality: on
 * spans only, never a metric tag.
 */
public class RequestIdTagging implements ObservationHandler<Observation.Context> {

	/** The span tag. */
	public static final String REQUEST_ID = "request.id";

	@Override
	public void onStart(Observation.Context context) {
		String requestId = PropagatedHeaders.currentRequestId();
		if (requestId != null) {
			context.addHighCardinalityKeyValue(KeyValue.of(REQUEST_ID, requestId));
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof GrpcServerObservationContext || context instanceof GrpcClientObservationContext;
	}

}
