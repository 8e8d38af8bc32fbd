package com.acme.grpc.health;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;

/**
 * Keeps track of open {@code grpc.health.v1.Health/Watch} streams so shutdown can end
 * them.
 *
 * <p>
 * A Watch stream never ends by itself, and gRPC's graceful shutdown waits for every open
 * call. Clients that health-check their channels (as order-service does) keep one open
 * per connection, so without this the server would always wait out the whole grace
 * period. Once {@link #endAll()} has run, new Watch calls get their first answer
 * (NOT_SERVING) and are ended straight away.
 */
public class HealthWatchStreams implements ServerInterceptor {

	private static final String WATCH_METHOD = HealthGrpc.getWatchMethod().getFullMethodName();

	private static final Status SHUTTING_DOWN = Status.UNAVAILABLE.withDescription("server is shutting down");

	private final Set<ServerCall<?, ?>> open = ConcurrentHashMap.newKeySet();

	private volatile boolean ending;

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		ServerCall.Listener<ReqT> listener = next.startCall(call, headers);
		if (!WATCH_METHOD.equals(call.getMethodDescriptor().getFullMethodName())) {
			return listener;
		}
		return new SimpleForwardingServerCallListener<>(listener) {

			@Override
			public void onHalfClose() {
				super.onHalfClose(); // the health service sends the current status here
				HealthWatchStreams.this.open.add(call);
				if (HealthWatchStreams.this.ending) {
					end(call);
				}
			}

			@Override
			public void onCancel() {
				HealthWatchStreams.this.open.remove(call);
				super.onCancel();
			}

			@Override
			public void onComplete() {
				HealthWatchStreams.this.open.remove(call);
				super.onComplete();
			}

		};
	}

	/**
	 * Ends every open Watch stream. Call it only after the health service entered its
	 * terminal state: from then on it sends nothing more, so closing from this thread
	 * cannot race with a status message on the same call.
	 */
	public void endAll() {
		this.ending = true;
		this.open.forEach(this::end);
	}

	private void end(ServerCall<?, ?> call) {
		// remove() is the claim: whichever of endAll() and onHalfClose() gets it closes
		// the call.
		if (this.open.remove(call)) {
			call.close(SHUTTING_DOWN, new Metadata());
		}
	}

}
