package com.acme.orderservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import com.acme.user.v1.UserServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * {@link FakeUserService} on a real Netty port on 127.0.0.1, with grpc.health
 * (order-service's channel watches it) and a {@link CallRecorder}. One per JVM, shared by
 * the test classes that talk to it over the network; each test resets it.
 */
public final class FakeUserServer {

	private static FakeUserServer shared;

	private final FakeUserService service = new FakeUserService();

	private final CallRecorder recorder = new CallRecorder();

	private final Server server;

	private FakeUserServer() {
		// order-service's channel skips replicas whose health is not SERVING for the
		// service.
		HealthStatusManager health = new HealthStatusManager();
		health.setStatus(UserServiceGrpc.SERVICE_NAME, HealthCheckResponse.ServingStatus.SERVING);
		try {
			this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
				.addService(ServerInterceptors.intercept(this.service, this.recorder))
				.addService(health.getHealthService())
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static synchronized FakeUserServer shared() {
		if (shared == null) {
			shared = new FakeUserServer();
			Runtime.getRuntime().addShutdownHook(new Thread(shared.server::shutdownNow, "fake-user-server-stop"));
		}
		return shared;
	}

	/**
	 * @return the channel target order-service should use
	 */
	public String target() {
		return "static://127.0.0.1:" + this.server.getPort();
	}

	public FakeUserService service() {
		return this.service;
	}

	public CallRecorder recorder() {
		return this.recorder;
	}

	public void reset() {
		this.service.reset();
		this.recorder.reset();
	}

}
