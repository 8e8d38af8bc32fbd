package com.acme.orderservice.metadata;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * The gRPC side of propagation, for calls to acme.order.v1.OrderService: takes the
 * configured headers from the call's metadata (generating {@code x-request-id} when
 * absent), makes them current in the call's {@link Context} for
 * {@link ForwardingClientInterceptor}, sets the MDC around every callback (gRPC runs the
 * callbacks of one call on whichever executor thread is free), and returns
 * {@code x-request-id} in the response headers, or in the trailers of a call that fails
 * before sending any.
 *
 * <p>
 * The call's deadline needs nothing from us: it is already in the same Context, so calls
 * to user-service made while handling it are bounded by it.
 */
@Component
@GlobalServerInterceptor
// Outermost: everything inside, including Spring's exception handling and its logging,
// sees the headers.
@Order(-100)
public class GrpcPropagationServerInterceptor implements ServerInterceptor {

	private final PropagationProperties properties;

	public GrpcPropagationServerInterceptor(PropagationProperties properties) {
		this.properties = properties;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata metadata,
			ServerCallHandler<ReqT, RespT> next) {
		PropagatedHeaders headers = PropagatedHeaders.capture(this.properties.headers(),
				(name) -> metadata.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)));
		Context context = headers.attachTo(Context.current());
		try (PropagatedHeaders.MdcScope mdc = headers.putInMdc()) {
			ServerCall.Listener<ReqT> listener = Contexts.interceptCall(context,
					new RequestIdEchoingCall<>(call, headers.requestId()), metadata, next);
			return new MdcListener<>(listener, headers);
		}
	}

	private static final class RequestIdEchoingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private static final Metadata.Key<String> KEY = Metadata.Key.of(PropagatedHeaders.REQUEST_ID,
				Metadata.ASCII_STRING_MARSHALLER);

		private final String requestId;

		private boolean headersSent;

		RequestIdEchoingCall(ServerCall<ReqT, RespT> delegate, String requestId) {
			super(delegate);
			this.requestId = requestId;
		}

		@Override
		public void sendHeaders(Metadata headers) {
			headers.put(KEY, this.requestId);
			this.headersSent = true;
			super.sendHeaders(headers);
		}

		@Override
		public void close(Status status, Metadata trailers) {
			if (!this.headersSent) {
				trailers.put(KEY, this.requestId);
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
			try (PropagatedHeaders.MdcScope mdc = this.headers.putInMdc()) {
				super.onMessage(message);
			}
		}

		@Override
		public void onHalfClose() {
			try (PropagatedHeaders.MdcScope mdc = this.headers.putInMdc()) {
				super.onHalfClose();
			}
		}

		@Override
		public void onCancel() {
			try (PropagatedHeaders.MdcScope mdc = this.headers.putInMdc()) {
				super.onCancel();
			}
		}

		@Override
		public void onComplete() {
			try (PropagatedHeaders.MdcScope mdc = this.headers.putInMdc()) {
				super.onComplete();
			}
		}

		@Override
		public void onReady() {
			try (PropagatedHeaders.MdcScope mdc = this.headers.putInMdc()) {
				super.onReady();
			}
		}

	}

}
