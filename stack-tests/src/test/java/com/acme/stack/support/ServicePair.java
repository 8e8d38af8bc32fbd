package com.acme.stack.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.testsupport.ports.LoopbackPorts;
import com.acme.testsupport.process.ServiceProcess;

/**
 * user-service and order-service from their jars, as processes on 127.0.0.1,
 * order-service calling user-service and accepting tokens from the JVM's one
 * authorization server ({@link SharedAuthServer}, a third process): how every stack test
 * starts the pair. Both start at once (on 2 cores that is faster than one after the
 * other), each on ports of its own from {@link LoopbackPorts}; if a port turns out to be
 * taken when a service binds it, both start again on new ones. A service stopped or
 * killed by a test starts again on the same ports, as a restarted server keeps its
 * address.
 */
public final class ServicePair implements AutoCloseable {

	/**
	 * A hang detector, not a performance bound: a start under full load takes 10-30 s
	 * here.
	 */
	public static final Duration STARTUP = Duration.ofSeconds(180);

	private final ServiceProcess userService;

	private final ServiceProcess orderService;

	private final Ports ports;

	private ServicePair(ServiceProcess userService, ServiceProcess orderService, Ports ports) {
		this.userService = userService;
		this.orderService = orderService;
		this.ports = ports;
	}

	/**
	 * The pair with their keys from {@code credentials}, logs and local data in
	 * {@code work}.
	 */
	public static Builder in(Path work, ScriptCredentials credentials) {
		return new Builder(work, credentials);
	}

	public ServiceProcess userService() {
		return this.userService;
	}

	public ServiceProcess orderService() {
		return this.orderService;
	}

	public int userGrpcPort() {
		return this.ports.userGrpc();
	}

	/** user-service's Actuator. */
	public int userHttpPort() {
		return this.ports.userHttp();
	}

	public int orderGrpcPort() {
		return this.ports.orderGrpc();
	}

	/** The REST edge. */
	public int orderHttpPort() {
		return this.ports.orderHttp();
	}

	/** order-service's Actuator, on its management port, off the REST edge. */
	public int orderManagementPort() {
		return this.ports.orderManagement();
	}

	/**
	 * Starts a service of this pair again after it exited, and waits until it is ready.
	 */
	public void restart(ServiceProcess service) {
		service.restart();
		awaitReady(service);
	}

	/**
	 * Waits, with {@link #STARTUP} as the bound, until {@code service}'s readiness probe
	 * answers 200.
	 */
	public void awaitReady(ServiceProcess service) {
		int port = (service == this.userService) ? this.ports.userHttp() : this.ports.orderManagement();
		service.awaitReady("http://127.0.0.1:" + port + "/actuator/health/readiness", STARTUP);
	}

	/** Stops order-service first, so that it does not see user-service go. */
	@Override
	public void close() {
		try {
			this.orderService.close();
		}
		finally {
			this.userService.close();
		}
	}

	/** What to start the two services with. */
	public static final class Builder {

		private final Path work;

		private final ScriptCredentials credentials;

		private Map<String, String> userEnvironment = Map.of();

		private List<String> userArgs = List.of();

		private Map<String, String> orderEnvironment = Map.of();

		private List<String> orderArgs = List.of();

		private IntFunction<String> orderServiceTarget = (userGrpc) -> "dns:///127.0.0.1:" + userGrpc;

		private Builder(Path work, ScriptCredentials credentials) {
			this.work = work;
			this.credentials = credentials;
		}

		/** user-service's environment (its database) and command-line settings. */
		public Builder userService(Map<String, String> environment, String... args) {
			this.userEnvironment = environment;
			this.userArgs = List.of(args);
			return this;
		}

		/** order-service's environment (its database) and command-line settings. */
		public Builder orderService(Map<String, String> environment, String... args) {
			this.orderEnvironment = environment;
			this.orderArgs = List.of(args);
			return this;
		}

		/**
		 * Where order-service's channel to user-service points, given user-service's gRPC
		 * port; by default straight at it ({@code dns:///127.0.0.1:port}).
		 */
		public Builder orderServiceTarget(IntFunction<String> target) {
			this.orderServiceTarget = target;
			return this;
		}

		/** Starts both and waits until both are ready. */
		public ServicePair start() {
			return LoopbackPorts.startOnFreePorts(5, (free) -> {
				Ports ports = new Ports(free[0], free[1], free[2], free[3], free[4]);
				ServiceProcess userService = launch("user-service", this.userEnvironment, ports.userGrpc(),
						ports.userHttp(), this.userArgs);
				List<String> orderArgs = new ArrayList<>(this.orderArgs);
				ServiceProcess orderService;
				try {
					orderArgs.add("--spring.grpc.client.channel.user-service.target="
							+ this.orderServiceTarget.apply(ports.userGrpc()));
					orderArgs.add("--management.server.address=127.0.0.1");
					// Both edges check tokens from the JVM's one authorization server.
					orderArgs.add("--spring.security.oauth2.resourceserver.jwt.issuer-uri="
							+ SharedAuthServer.server().issuer());
					orderArgs.add("--management.server.port=" + ports.orderManagement());
					orderService = launch("order-service", this.orderEnvironment, ports.orderGrpc(), ports.orderHttp(),
							orderArgs);
				}
				catch (RuntimeException | Error ex) {
					userService.close();
					throw ex;
				}
				ServicePair pair = new ServicePair(userService, orderService, ports);
				try {
					pair.awaitReady(userService);
					pair.awaitReady(orderService);
					return pair;
				}
				catch (RuntimeException | Error ex) {
					pair.close();
					throw ex;
				}
			});
		}

		private ServiceProcess launch(String module, Map<String, String> environment, int grpcPort, int httpPort,
				List<String> settings) {
			List<String> args = new ArrayList<>(List.of("--spring.grpc.server.address=127.0.0.1",
					"--spring.grpc.server.port=" + grpcPort, "--server.address=127.0.0.1", "--server.port=" + httpPort,
					"--acme.credentials-dir=" + this.credentials.directory()));
			args.addAll(settings);
			return ServiceProcess.springBootJar(module, this.work, environment, args.toArray(String[]::new));
		}

	}

	private record Ports(int userGrpc, int userHttp, int orderGrpc, int orderHttp, int orderManagement) {
	}

}
