package com.acme.userservice.grpc.metrics;

import com.acme.userservice.grpc.InterceptorOrder;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Records on the call's {@code grpc.server} observation why a call ended early: its deadline
 * passed, or the client cancelled it.
 *
 * <p>Micrometer's observation interceptor stops the observation in {@code onCancel} with
 * whatever status the handler last set, usually OK when a slow handler finished after the
 * deadline, or none at all. {@link CallOutcomeObservationConvention} reads the mark set here so
 * that the {@code grpc_status_code} tag says DEADLINE_EXCEEDED or CANCELLED instead.
 */
@Component
@GlobalServerInterceptor
@Order(InterceptorOrder.CALL_OUTCOME)
public class CallOutcomeInterceptor implements ServerInterceptor {

	/** Key of the mark in {@link Observation.Context}; its value is a {@link Status.Code}. */
	static final Class<CallOutcomeInterceptor> ENDED_EARLY = CallOutcomeInterceptor.class;

	private final ObservationRegistry registry;

	public CallOutcomeInterceptor(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		// Runs inside the observation interceptor's scope, so this is the call's observation.
		Observation observation = this.registry.getCurrentObservation();
		ServerCall.Listener<ReqT> listener = next.startCall(call, headers);
		if (observation == null || observation.isNoop()) {
			return listener;
		}
		return new SimpleForwardingServerCallListener<>(listener) {

			@Override
			public void onCancel() {
				observation.getContext().put(ENDED_EARLY, endedEarlyCode(Context.current()));
				super.onCancel();
			}

		};
	}

	static Status.Code endedEarlyCode(Context callContext) {
		Deadline deadline = callContext.getDeadline();
		return (deadline != null && deadline.isExpired()) ? Status.Code.DEADLINE_EXCEEDED : Status.Code.CANCELLED;
	}

}
