package com.acme.grpc.metadata;

import java.util.List;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * The server side of metadata: takes the configured headers ({@link MetadataProperties})
 * from every call, the caller's {@code x-request-id} when it sent a safe one, otherwise a
 * new UUID. They are
 * <ul>
 * <li>in the call's {@link Context} ({@link PropagatedHeaders#current()}), for code on
 * any thread that carries it, and for {@link MetadataClientInterceptor} to forward;</li>
 * <li>in the logging MDC around every callback of the call. gRPC runs the callbacks of
 * one call (including later stream messages and on-ready events) on whichever executor
 * thread is free, so the MDC is set and restored per callback, never left behind on a
 * pooled thread;</li>
 * <li>and the request id goes back to the caller in the response headers, or in the
 * trailers when the call fails before any header was sent.</li>
 * </ul>
 * The call's deadline needs nothing from here: it is already in the same Context.
 */
public class MetadataServerInterceptor implements ServerInterceptor {

	private static final Metadata.Key<String> REQUEST_ID_KEY = Metadata.Key.of(PropagatedHeaders.REQUEST_ID,
			Metadata.ASCII_STRING_MARSHALLER);

	private final List<PropagatedHeader> headers;

	public MetadataServerInterceptor(MetadataProperties properties) {
		this.headers = properties.propagatedHeaders();
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata metadata,
			ServerCallHandler<ReqT, RespT> next) {
		PropagatedHeaders headers = PropagatedHeaders.capture(this.headers, (header) -> metadata.get(header.key()));
		Context context = headers.attachTo(Context.current());
		// Streaming handlers run inside startCall, so the MDC is needed there too.
		try (MdcScope mdc = headers.putInMdc()) {
			ServerCall.Listener<ReqT> listener = Contexts.interceptCall(context,
					new RequestIdEchoingCall<>(call, headers.requestId()), metadata, next);
			return new MdcListener<>(listener, headers);
		}
	}

	private static final class RequestIdEchoingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final String requestId;

		private boolean headersSent;

		RequestIdEchoingCall(ServerCall<ReqT, RespT> delegate, String requestId) {
			super(delegate);
			this.requestId = requestId;
		}

		@Override
		public void sendHeaders(Metadata headers) {
			headers.put(REQUEST_ID_KEY, this.requestId);
			this.headersSent = true;
			super.sendHeaders(headers);
		}

		@Override
		public void close(Status status, Metadata trailers) {
			if (!this.headersSent) {
				trailers.put(REQUEST_ID_KEY, this.requestId);
			}
			super.close(status, trailers);
		}

	}

	private static final class MdcListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final PropagatedHeaders headers;

		MdcListener(ServerCall.Listener<ReqT> delegate, PropagatedHeaders headers) {
			super(delegate);
			this.headers = headers;
		}

		@Override
		public void onMessage(ReqT message) {
			try (MdcScope mdc = this.headers.putInMdc()) {
				super.onMessage(message);
			}
		}

		@Override
		public void onHalfClose() {
			try (MdcScope mdc = this.headers.putInMdc()) {
				super.onHalfClose();
			}
		}

		@Override
		public void onCancel() {
			try (MdcScope mdc = this.headers.putInMdc()) {
				super.onCancel();
			}
		}

		@Override
		public void onComplete() {
			try (MdcScope mdc = this.headers.putInMdc()) {
				super.onComplete();
			}
		}

		@Override
		public void onReady() {
			try (MdcScope mdc = this.headers.putInMdc()) {
				super.onReady();
			}
		}

	}

}
