package com.acme.grpc.error;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;

/**
 * Moves the parsing of request messages from the transport into the service's own call
 * chain.
 *
 * <p>
 * Why: grpc-java parses a request before any interceptor sees it, and a parse failure
 * there (bytes that are not the message, invalid UTF-8 in a string, a gzip bomb inflating
 * past {@code spring.grpc.server.inbound.message.max-size}) ends the call as UNKNOWN
 * "Application error processing RPC". Here the transport hands over the raw bytes, the
 * innermost listener parses them, and a failure becomes a
 * {@link MalformedRequestException} that the exception interceptor answers through
 * {@link GrpcExceptionMapper}: INVALID_ARGUMENT or RESOURCE_EXHAUSTED, counted by the
 * metrics like any other refused call. Responses keep their marshaller, so nothing is
 * serialized twice.
 */
public final class RequestParsing {

	private static final MethodDescriptor.Marshaller<InputStream> RAW = new RawBytes();

	private RequestParsing() {
	}

	/**
	 * The same service, reading its requests in the call chain. Apply before
	 * interceptors.
	 */
	public static ServerServiceDefinition inCallChain(ServerServiceDefinition service) {
		ServiceDescriptor original = service.getServiceDescriptor();
		ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
			.setSchemaDescriptor(original.getSchemaDescriptor());
		List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
		for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
			ServerMethodDefinition<InputStream, ?> parsed = parseInCallChain(method);
			descriptor.addMethod(parsed.getMethodDescriptor());
			methods.add(parsed);
		}
		ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
		methods.forEach(builder::addMethod);
		return builder.build();
	}

	private static <Q, R> ServerMethodDefinition<InputStream, R> parseInCallChain(ServerMethodDefinition<Q, R> method) {
		MethodDescriptor<Q, R> typed = method.getMethodDescriptor();
		MethodDescriptor<InputStream, R> raw = typed.toBuilder(RAW, typed.getResponseMarshaller()).build();
		ServerCallHandler<Q, R> handler = method.getServerCallHandler();
		return ServerMethodDefinition.create(raw, (call, headers) -> new ParsingListener<>(typed,
				handler.startCall(new TypedCall<>(call, typed), headers)));
	}

	private static String messageType(MethodDescriptor<?, ?> method) {
		if (method.getRequestMarshaller() instanceof PrototypeMarshaller<?> prototyped
				&& prototyped.getMessagePrototype() instanceof Message message) {
			return message.getDescriptorForType().getFullName();
		}
		return method.getFullMethodName() + " request";
	}

	/**
	 * Parses each message for the handler; after a refused message, passes nothing more
	 * on.
	 */
	private static final class ParsingListener<Q> extends ServerCall.Listener<InputStream> {

		private final MethodDescriptor<Q, ?> method;

		private final ServerCall.Listener<Q> handler;

		private boolean refused;

		ParsingListener(MethodDescriptor<Q, ?> method, ServerCall.Listener<Q> handler) {
			this.method = method;
			this.handler = handler;
		}

		@Override
		public void onMessage(InputStream bytes) {
			if (this.refused) {
				return;
			}
			Q request;
			try {
				request = this.method.parseRequest(bytes);
			}
			catch (RuntimeException ex) {
				// The exception interceptor closes the call; the handler must not then
				// hear of a half-close for a request it never received.
				this.refused = true;
				throw new MalformedRequestException(messageType(this.method), ex);
			}
			this.handler.onMessage(request);
		}

		@Override
		public void onHalfClose() {
			if (!this.refused) {
				this.handler.onHalfClose();
			}
		}

		@Override
		public void onCancel() {
			this.handler.onCancel();
		}

		@Override
		public void onComplete() {
			this.handler.onComplete();
		}

		@Override
		public void onReady() {
			this.handler.onReady();
		}

	}

	/**
	 * The call as the handler expects it: typed requests, same responses, same everything
	 * else.
	 */
	private static final class TypedCall<Q, R> extends ForwardingServerCall<Q, R> {

		private final ServerCall<InputStream, R> call;

		private final MethodDescriptor<Q, R> method;

		TypedCall(ServerCall<InputStream, R> call, MethodDescriptor<Q, R> method) {
			this.call = call;
			this.method = method;
		}

		@Override
		@SuppressWarnings("unchecked")
		protected ServerCall<Q, R> delegate() {
			// Only request-typed methods differ, and none of them is reachable through
			// the call's public API except getMethodDescriptor, which is overridden
			// below.
			return (ServerCall<Q, R>) (ServerCall<?, R>) this.call;
		}

		@Override
		public MethodDescriptor<Q, R> getMethodDescriptor() {
			return this.method;
		}

	}

	/** Hands the transport's bytes through untouched; the listener above parses them. */
	private static final class RawBytes implements MethodDescriptor.Marshaller<InputStream> {

		@Override
		public InputStream stream(InputStream value) {
			return value;
		}

		@Override
		public InputStream parse(InputStream stream) {
			return stream;
		}

	}

}
