package com.acme.grpc.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

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
import org.jspecify.annotations.Nullable;

/**
 * Records on the call's {@code grpc.server} observation why a call ended early: its
 * deadline passed, or the client cancelled it.
 *
 * <p>
 * Micrometer's observation interceptor stops the observation in {@code onCancel} with
 * whatever status the handler last set: usually OK when a slow handler finished after the
 * deadline, or none at all. {@link CallOutcomeObservationConvention} reads the mark set
 * here so that the {@code grpc_status_code} tag says DEADLINE_EXCEEDED or CANCELLED
 * instead.
 *
 * <p>
 * Telling the two apart: the server holds a copy of the client's deadline, started when
 * the request headers arrived, so it runs a little later than the client's own. When the
 * deadline passes, the client's timer usually fires first and cancels the stream
 * (RST_STREAM, the same frame as a deliberate cancel) just before the server's timer
 * would. A cancellation that arrives within {@link #DEADLINE_TOLERANCE_NANOS} of the
 * server's deadline, and within a tenth of the call's timeout, is therefore counted as
 * the deadline. The time that counts is when the cancellation arrived, not when the
 * handler got round to it. Measured on loopback: the cancel lands from 9 ms after to 14
 * ms before the server's deadline (the latter on a fresh connection).
 */
public class CallOutcomeInterceptor implements ServerInterceptor {

	/**
	 * Key of the mark in {@link Observation.Context}; its value is a {@link Status.Code}.
	 */
	static final Class<CallOutcomeInterceptor> ENDED_EARLY = CallOutcomeInterceptor.class;

	static final long DEADLINE_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final ObservationRegistry registry;

	public CallOutcomeInterceptor(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		// Runs inside the observation interceptor's scope, so this is the call's
		// observation.
		Observation observation = this.registry.getCurrentObservation();
		ServerCall.Listener<ReqT> listener = next.startCall(call, headers);
		if (observation == null || observation.isNoop()) {
			return listener;
		}
		Context callContext = Context.current();
		Deadline deadline = callContext.getDeadline();
		long timeoutNanos = (deadline != null) ? deadline.timeRemaining(TimeUnit.NANOSECONDS) : 0;
		AtomicReference<Status.Code> endedEarly = new AtomicReference<>();
		if (deadline != null) {
			// gRPC cancels the call's Context as soon as the cancellation arrives, on a
			// thread of its own, while onCancel may wait behind a handler that is still
			// busy: classify at that moment. (The Context is also cancelled, without a
			// cause, when a call completes.) Without a deadline every early end is
			// CANCELLED and timing does not matter.
			callContext.addListener((cancelled) -> {
				Throwable cause = cancelled.cancellationCause();
				if (cause != null) {
					endedEarly.compareAndSet(null, endedEarlyCode(cause, deadline, timeoutNanos));
				}
			}, Runnable::run);
		}
		return new SimpleForwardingServerCallListener<>(listener) {

			@Override
			public void onCancel() {
				endedEarly.compareAndSet(null, endedEarlyCode(null, deadline, timeoutNanos));
				observation.getContext().put(ENDED_EARLY, endedEarly.get());
				super.onCancel();
			}

		};
	}

	/**
	 * @param cause why the call's Context was cancelled, if known
	 * @param deadline the call's deadline, {@code null} when the client set none
	 * @param timeoutNanos how long the call had when it arrived
	 */
	static Status.Code endedEarlyCode(@Nullable Throwable cause, @Nullable Deadline deadline, long timeoutNanos) {
		if (cause instanceof TimeoutException) {
			return Status.Code.DEADLINE_EXCEEDED; // the server's own deadline timer fired
		}
		if (deadline == null) {
			return Status.Code.CANCELLED;
		}
		long tolerance = Math.min(DEADLINE_TOLERANCE_NANOS, timeoutNanos / 10);
		return (deadline.timeRemaining(TimeUnit.NANOSECONDS) <= tolerance) ? Status.Code.DEADLINE_EXCEEDED
				: Status.Code.CANCELLED;
	}

}
