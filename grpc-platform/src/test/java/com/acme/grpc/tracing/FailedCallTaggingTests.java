package com.acme.grpc.tracing;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;
import io.micrometer.observation.Observation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which endings give a span the {@code error} tag: OpenTelemetry's conventions for RPC
 * and HTTP spans.
 */
class FailedCallTaggingTests {

	private final FailedCallTagging tagging = new FailedCallTagging();

	@ParameterizedTest
	@CsvSource({ "OK,", "CANCELLED,", "INVALID_ARGUMENT,INVALID_ARGUMENT", "NOT_FOUND,NOT_FOUND",
			"DEADLINE_EXCEEDED,DEADLINE_EXCEEDED", "UNAVAILABLE,UNAVAILABLE" })
	void aClientCallFailsOnEveryStatusButOkAndItsOwnCancel(String status, String error) {
		GrpcClientObservationContext context = new GrpcClientObservationContext((carrier, key, value) -> {
		});
		context.addLowCardinalityKeyValue(KeyValue.of("grpc.status_code", status));

		assertThat(errorTag(context)).isEqualTo(error);
	}

	@ParameterizedTest
	@CsvSource({ "OK,", "CANCELLED,", "INVALID_ARGUMENT,", "NOT_FOUND,", "ALREADY_EXISTS,", "PERMISSION_DENIED,",
			"UNAUTHENTICATED,", "FAILED_PRECONDITION,", "RESOURCE_EXHAUSTED,", "UNKNOWN,UNKNOWN",
			"DEADLINE_EXCEEDED,DEADLINE_EXCEEDED", "UNIMPLEMENTED,UNIMPLEMENTED", "INTERNAL,INTERNAL",
			"UNAVAILABLE,UNAVAILABLE", "DATA_LOSS,DATA_LOSS" })
	void aServedCallFailsOnlyWhenTheServerFailed(String status, String error) {
		GrpcServerObservationContext context = new GrpcServerObservationContext((carrier, key) -> null);
		context.addLowCardinalityKeyValue(KeyValue.of("grpc.status_code", status));

		assertThat(errorTag(context)).isEqualTo(error);
	}

	@ParameterizedTest
	@CsvSource({ "200,", "404,", "422,", "500,500", "503,503", "504,504" })
	void anHttpAnswerFailsOn5xx(String status, String error) {
		Observation.Context context = new Observation.Context();
		context.setName("http.server.requests");
		context.addLowCardinalityKeyValue(KeyValue.of("status", status));

		assertThat(errorTag(context)).isEqualTo(error);
	}

	private String errorTag(Observation.Context context) {
		KeyValue error = this.tagging.map(context).getHighCardinalityKeyValue(FailedCallTagging.ERROR);
		return (error != null) ? error.getValue() : null;
	}

}
