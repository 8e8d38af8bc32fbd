package com.acme.grpc.error;

import java.nio.channels.ClosedChannelException;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Client side: a call whose connection closed under it ends UNAVAILABLE, as gRPC's status
 * codes say it should, not UNKNOWN. grpc-java's Netty transport answers
 * {@code UNKNOWN: channel closed} when it writes to a connection the peer has just reset
 * (a killed server, grpc/grpc-java#10120). The peer never answered: the caller should
 * retry later, and a REST edge should say 503, not 502 "user-service answered UNKNOWN".
 * <p>
 * Only a status grpc-java made here is rewritten: its cause is the
 * {@link ClosedChannelException}. A status a server sends never carries a cause, so a
 * server's own UNKNOWN passes unchanged.
 */
public class ConnectionLossClientInterceptor implements ClientInterceptor {

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		String authority = next.authority();
		return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {

			@Override
			public void start(Listener<RespT> responseListener, Metadata headers) {
				super.start(new SimpleForwardingClientCallListener<>(responseListener) {

					@Override
					public void onClose(Status status, Metadata trailers) {
						super.onClose(isConnectionLoss(status) ? Status.UNAVAILABLE
							.withDescription("the connection to " + authority + " closed during the call")
							.withCause(status.getCause()) : status, trailers);
					}

				}, headers);
			}

		};
	}

	static boolean isConnectionLoss(Status status) {
		return status.getCode() == Status.Code.UNKNOWN && status.getCause() instanceof ClosedChannelException;
	}

}
