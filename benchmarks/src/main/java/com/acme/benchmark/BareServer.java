package com.acme.benchmark;

import java.net.InetSocketAddress;
import java.util.concurrent.ForkJoinPool;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * The P1 baseline: grpc-java alone, as its own examples would write it. A Netty server on
 * loopback answering {@code grpc.health.v1.Health/Check} from grpc-java's own health
 * service, with a ForkJoinPool as the handler executor. No Spring, no interceptors, no
 * authentication. Run as its own process, with the same JVM options as the services, so
 * that its CPU time is comparable to user-service's.
 */
public final class BareServer {

	private BareServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		HealthStatusManager health = new HealthStatusManager();
		Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
			.executor(new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
					ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true))
			.addService(health.getHealthService())
			.build()
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
		System.out.println("bare grpc-java server on 127.0.0.1:" + port);
		server.awaitTermination();
	}

}
