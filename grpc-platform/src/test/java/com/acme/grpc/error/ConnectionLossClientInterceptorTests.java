package com.acme.grpc.error;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConnectionLossClientInterceptorTests {

	@Test
	void aCallWhoseConnectionClosedUnderItIsUnavailable() {
		Channel channel = ClientInterceptors.intercept(new ClosedConnection("users.internal:9090"),
				new ConnectionLossClientInterceptor());

		Status status = check(channel);

		assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(status.getDescription()).contains("users.internal:9090");
		assertThat(status.getCause()).isInstanceOf(ClosedChannelException.class);
	}

	@Test
	void anUnknownTheServerSentPassesUnchanged() throws Exception {
		String name = InProcessServerBuilder.generateName();
		Server server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(new HealthGrpc.HealthImplBase() {

				@Override
				public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
					// Word for word what grpc-java says locally: only the cause tells
					// them
					// apart.
					responses.onError(Status.UNKNOWN.withDescription("channel closed").asRuntimeException());
				}

			})
			.build()
			.start();
		ManagedChannel channel = InProcessChannelBuilder.forName(name)
			.directExecutor()
			.intercept(new ConnectionLossClientInterceptor())
			.build();
		try {
			Status status = check(channel);

			assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
			assertThat(status.getDescription()).isEqualTo("channel closed");
		}
		finally {
			channel.shutdownNow();
			server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private static Status check(Channel channel) {
		return catchThrowableOfType(StatusRuntimeException.class,
				() -> HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()))
			.getStatus();
	}

	/**
	 * What grpc-java's Netty transport does when it writes a call to a connection the
	 * peer has reset: closes the call locally with UNKNOWN and the
	 * {@link ClosedChannelException} as its cause ({@code io.grpc.netty.Utils}). A real
	 * reset cannot be timed to land between the two, so this stands in for it.
	 */
	private static final class ClosedConnection extends Channel {

		private final String authority;

		ClosedConnection(String authority) {
			this.authority = authority;
		}

		@Override
		public String authority() {
			return this.authority;
		}

		@Override
		public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method,
				CallOptions callOptions) {
			return new ClientCall<>() {

				@Override
				public void start(Listener<RespT> listener, Metadata headers) {
					listener.onClose(
							Status.UNKNOWN.withDescription("channel closed").withCause(new ClosedChannelException()),
							new Metadata());
				}

				@Override
				public void request(int count) {
				}

				@Override
				public void cancel(String message, Throwable cause) {
				}

				@Override
				public void halfClose() {
				}

				@Override
				public void sendMessage(ReqT message) {
				}

			};
		}

	}

}
