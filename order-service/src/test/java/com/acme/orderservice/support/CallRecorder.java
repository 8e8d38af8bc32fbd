package com.acme.orderservice.support;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * Records every call a fake server receives: its metadata, the deadline it arrived with,
 * and whether the client cancelled it (deadline or cancellation; a call that completes is
 * not).
 */
public class CallRecorder implements ServerInterceptor {

	private final List<Received> calls = new CopyOnWriteArrayList<>();

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Deadline deadline = Context.current().getDeadline();
		Received received = new Received(call.getMethodDescriptor().getBareMethodName(), headers,
				(deadline != null) ? deadline.timeRemaining(TimeUnit.MILLISECONDS) : null, new CompletableFuture<>());
		this.calls.add(received);
		return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {

			@Override
			public void onCancel() {
				received.cancelled().complete(null);
				super.onCancel();
			}

		};
	}

	public List<Received> calls() {
		return this.calls;
	}

	/**
	 * @return the calls of one method, such as "GetUser", health checks left out
	 */
	public List<Received> calls(String method) {
		return this.calls.stream().filter((call) -> call.method().equals(method)).toList();
	}

	public Received last(String method) {
		List<Received> calls = calls(method);
		if (calls.isEmpty()) {
			throw new AssertionError("no " + method + " call arrived; arrived: " + this.calls);
		}
		return calls.get(calls.size() - 1);
	}

	public void reset() {
		this.calls.clear();
	}

	/**
	 * @param deadlineMillis time left to the call's deadline when it arrived,
	 * {@code null} if it had none
	 * @param cancelled completes when the client cancels the call or its deadline passes
	 */
	public record Received(String method, Metadata headers, @Nullable Long deadlineMillis,
			CompletableFuture<Void> cancelled) {

		public @Nullable String header(String name) {
			return this.headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
		}

	}

}
