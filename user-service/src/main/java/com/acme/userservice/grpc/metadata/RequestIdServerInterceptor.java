package com.acme.userservice.grpc.metadata;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.acme.userservice.grpc.InterceptorOrder;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.MDC;

import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Gives every call a request id: the caller's {@code x-request-id} when it sent a safe
 * one, otherwise a new UUID. The id is
 * <ul>
 * <li>in the call's {@link Context} ({@link RequestId#current()}), for code on any
 * thread;</li>
 * <li>in the logging MDC around every callback of the call. gRPC runs the callbacks of
 * one call (including later stream messages and on-ready events) on whichever executor
 * thread is free, so the MDC is set and restored per callback, never left behind on a
 * pooled thread;</li>
 * <li>returned to the caller in the response headers, or in the trailers when the call
 * fails before any header was sent.</li>
 * </ul>
 * The other metadata named in {@code acme.grpc.metadata.logged} (by default
 * {@code x-tenant-id}, which order-service forwards) goes into the MDC the same way,
 * under camel-case keys without the {@code x-} prefix ({@code tenantId}).
 */
@Component
@GlobalServerInterceptor
@Order(InterceptorOrder.REQUEST_ID)
public class RequestIdServerInterceptor implements ServerInterceptor {

	// Built once: building it per call (lower-casing, splitting, new keys) cost more CPU
	// than the health check it wrapped (the benchmark's profile).
	private final Map<String, Metadata.Key<String>> logged;

	public RequestIdServerInterceptor(LoggedMetadataProperties logged) {
		this.logged = logged.keys();
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String requestId = RequestId.fromCaller(headers.get(RequestId.METADATA_KEY));
		Context context = Context.current().withValue(RequestId.CONTEXT_KEY, requestId);
		Map<String, String> mdc = new LinkedHashMap<>();
		mdc.put(RequestId.MDC_KEY, requestId);
		this.logged.forEach((mdcKey, key) -> {
			String value = headers.get(key);
			if (value != null && RequestId.isSafe(value)) {
				mdc.put(mdcKey, value);
			}
		});
		// Streaming handlers run inside startCall, so the MDC is needed there too.
		Map<String, String> previous = putInMdc(mdc);
		try {
			ServerCall.Listener<ReqT> listener = Contexts.interceptCall(context, new EchoingCall<>(call, requestId),
					headers, next);
			return new MdcListener<>(listener, mdc);
		}
		finally {
			restoreMdc(previous);
		}
	}

	/**
	 * @return what the MDC held before under the same keys, usually nothing
	 */
	private static Map<String, String> putInMdc(Map<String, String> values) {
		Map<String, String> previous = new HashMap<>();
		values.forEach((key, value) -> {
			previous.put(key, MDC.get(key));
			MDC.put(key, value);
		});
		return previous;
	}

	private static void restoreMdc(Map<String, String> previous) {
		previous.forEach((key, value) -> {
			if (value == null) {
				MDC.remove(key);
			}
			else {
				MDC.put(key, value);
			}
		});
	}

	private static final class EchoingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final String requestId;

		private boolean headersSent;

		EchoingCall(ServerCall<ReqT, RespT> delegate, String requestId) {
			super(delegate);
			this.requestId = requestId;
		}

		@Override
		public void sendHeaders(Metadata headers) {
			headers.put(RequestId.METADATA_KEY, this.requestId);
			this.headersSent = true;
			super.sendHeaders(headers);
		}

		@Override
		public void close(Status status, Metadata trailers) {
			if (!this.headersSent) {
				trailers.put(RequestId.METADATA_KEY, this.requestId);
			}
			super.close(status, trailers);
		}

	}

	private static final class MdcListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final Map<String, String> mdc;

		MdcListener(ServerCall.Listener<ReqT> delegate, Map<String, String> mdc) {
			super(delegate);
			this.mdc = mdc;
		}

		@Override
		public void onMessage(ReqT message) {
			run(() -> super.onMessage(message));
		}

		@Override
		public void onHalfClose() {
			run(super::onHalfClose);
		}

		@Override
		public void onCancel() {
			run(super::onCancel);
		}

		@Override
		public void onComplete() {
			run(super::onComplete);
		}

		@Override
		public void onReady() {
			run(super::onReady);
		}

		private void run(Runnable callback) {
			Map<String, String> previous = putInMdc(this.mdc);
			try {
				callback.run();
			}
			finally {
				restoreMdc(previous);
			}
		}

	}

}
