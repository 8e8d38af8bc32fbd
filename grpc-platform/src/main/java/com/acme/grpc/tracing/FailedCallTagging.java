package com.acme.grpc.tracing;

import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import org.jspecify.annotations.Nullable;

/**
 * Gives the span of a failed call Zipkin's {@code error} tag, which the trace view shows
 * in red and {@code annotationQuery=error} finds, and which keeps an unsampled trace
 * ({@link FailedTraceExport}).
 *
 * <p>
 * Micrometer marks an observation as failed only when an exception was recorded. A gRPC
 * call that ends with a status and no cause (DEADLINE_EXCEEDED from the client's own
 * timer, UNAVAILABLE) and a REST answer of 504 have none, so their spans would look
 * successful. What counts as a failure follows OpenTelemetry's conventions for RPC and
 * HTTP spans: on a gRPC client every status but OK and CANCELLED; on a gRPC server only
 * the codes that say the server failed (UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED,
 * INTERNAL, UNAVAILABLE, DATA_LOSS), not a caller's mistake such as INVALID_ARGUMENT or
 * NOT_FOUND; on an HTTP server an answer of 5xx. A client sees CANCELLED only when it
 * cancelled the call itself, as the REST edge does once it has read the page of a
 * ListUsers stream it needs (Micrometer does not count it as an error either).
 *
 * <p>
 * Runs when the observation stops, after its convention has set the status tags: the
 * server's {@code grpc.status_code} is then the code the client saw, as corrected by the
 * platform's call outcome convention. The tag is high-cardinality, so it goes to the span
 * only and never becomes a metric tag.
 */
public class FailedCallTagging implements ObservationFilter {

	/** Zipkin's tag for a failed span. */
	public static final String ERROR = "error";

	private static final String GRPC_STATUS = "grpc.status_code";

	private static final String HTTP_SERVER = "http.server.requests";

	private static final String HTTP_STATUS = "status";

	private static final Set<String> SERVER_FAILURES = Set.of("UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED",
			"INTERNAL", "UNAVAILABLE", "DATA_LOSS");

	@Override
	public Observation.Context map(Observation.Context context) {
		String failure = failure(context);
		if (failure != null) {
			context.addHighCardinalityKeyValue(KeyValue.of(ERROR, failure));
		}
		return context;
	}

	/** The status that makes this a failure, {@code null} if it is none. */
	static @Nullable String failure(Observation.Context context) {
		if (context instanceof GrpcClientObservationContext) {
			String code = tag(context, GRPC_STATUS);
			return (code != null && !"OK".equals(code) && !"CANCELLED".equals(code)) ? code : null;
		}
		if (context instanceof GrpcServerObservationContext) {
			String code = tag(context, GRPC_STATUS);
			return (code != null && SERVER_FAILURES.contains(code)) ? code : null;
		}
		if (HTTP_SERVER.equals(context.getName())) {
			String status = tag(context, HTTP_STATUS);
			return (status != null && status.length() == 3 && status.charAt(0) == '5') ? status : null;
		}
		return null;
	}

	private static @Nullable String tag(Observation.Context context, String key) {
		KeyValue keyValue = context.getLowCardinalityKeyValue(key);
		return (keyValue != null) ? keyValue.getValue() : null;
	}

}
