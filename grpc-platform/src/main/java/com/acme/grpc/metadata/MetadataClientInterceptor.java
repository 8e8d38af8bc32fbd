package com.acme.grpc.metadata;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * The client side of metadata: forwards the current request's {@link PropagatedHeaders}
 * on every outbound gRPC call, on every channel. It reads them from the
 * {@link io.grpc.Context} current when the call starts, so a call started on another
 * thread forwards them only when that thread carries the request's Context (see
 * {@link com.acme.grpc.deadline.ContextPropagatingTaskDecorator}).
 */
public class MetadataClientInterceptor implements ClientInterceptor {

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		PropagatedHeaders headers = PropagatedHeaders.current();
		return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {

			@Override
			public void start(Listener<RespT> responseListener, Metadata metadata) {
				headers.forEach((header, value) -> metadata.put(header.key(), value));
				super.start(responseListener, metadata);
			}

		};
	}

}
