package com.acme.userservice.support;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.acme.testsupport.credentials.TestCredentials;
import com.acme.user.v1.UserServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;

import org.springframework.grpc.client.interceptor.security.BearerTokenAuthenticationInterceptor;

/**
 * Plain grpc-java clients for tests, over a real TCP connection to 127.0.0.1: what any
 * other gRPC client would do. The only Spring class is Spring gRPC's bearer-token
 * interceptor, which adds an {@code authorization} header.
 */
public final class GrpcClients implements AutoCloseable {

	private final ManagedChannel channel;

	/**
	 * Clients calling as an operator: every method is open to them. The token is renewed
	 * while the clients live, so clients shared by a long test run never send an expired
	 * one.
	 */
	public GrpcClients(int port) {
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
			.usePlaintext()
			.intercept(new BearerTokenAuthenticationInterceptor((Supplier<String>) TestCredentials::operatorToken))
			.build();
	}

	/**
	 * Clients sending {@code authorization: Bearer token}, or no credentials when it is
	 * null.
	 */
	public GrpcClients(int port, String token) {
		NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
		if (token != null) {
			builder.intercept(new BearerTokenAuthenticationInterceptor(token));
		}
		this.channel = builder.build();
	}

	public ManagedChannel channel() {
		return this.channel;
	}

	/**
	 * A blocking stub whose calls each get a 10 s deadline, so a hung server fails the
	 * test instead of hanging it.
	 */
	public UserServiceGrpc.UserServiceBlockingStub users() {
		return UserServiceGrpc.newBlockingStub(this.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	public UserServiceGrpc.UserServiceStub usersAsync() {
		return UserServiceGrpc.newStub(this.channel);
	}

	/** Metadata whose only entry is {@code key: value}. */
	public static Metadata metadata(Metadata.Key<String> key, String value) {
		Metadata metadata = new Metadata();
		metadata.put(key, value);
		return metadata;
	}

	@Override
	public void close() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
