package com.acme.orderservice.metadata;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.stereotype.Component;

/**
 * Forwards the current request's {@link PropagatedHeaders} as metadata on every outbound
 * gRPC call, on every channel. It reads them from the {@link io.grpc.Context} current
 * when the call starts, so a call started on another thread forwards them only when that
 * thread carries the request's Context (see {@link ContextPropagatingTaskDecorator}).
 */
@Component
@GlobalClientInterceptor
public class ForwardingClientInterceptor implements ClientInterceptor {

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		PropagatedHeaders headers = PropagatedHeaders.current();
		return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {

			@Override
			public void start(Listener<RespT> responseListener, Metadata metadata) {
				headers.values()
					.forEach((name, value) -> metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER),
							value));
				super.start(responseListener, metadata);
			}

		};
	}

}
