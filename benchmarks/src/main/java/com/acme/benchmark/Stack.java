package com.acme.benchmark;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.acme.testsupport.auth.AuthServerProcess;
import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.ports.LoopbackPorts;
import com.acme.testsupport.postgres.PostgresServer;
import com.acme.testsupport.process.ServiceProcess;
import com.acme.testsupport.repository.Repository;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;

import static org.awaitility.Awaitility.await;

/**
 * What the benchmark measures, as users run it: both services' jars as processes on
 * loopback, each with its own database on a real PostgreSQL, credentials from the
 * repository's scripts, and the JVM options of the container images. Plus the bare
 * grpc-java server (P1's baseline).
 */
final class Stack implements AutoCloseable {

	/**
	 * The images' heap settings: the Dockerfile's {@code JAVA_TOOL_OPTIONS} under
	 * docker-compose.yml's 512M memory limit, which the JVM would read from cgroups.
	 */
	static final List<String> CONTAINER_JVM_OPTIONS = List.of("-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=60",
			"-XX:+ExitOnOutOfMemoryError");

	final Path work;

	final ScriptCredentials credentials;

	final PostgresServer postgres;

	private final List<AutoCloseable> started = new ArrayList<>();

	private boolean closed;

	private AuthServerProcess authServer;

	private Stack(Path work, ScriptCredentials credentials, PostgresServer postgres) {
		this.work = work;
		this.credentials = credentials;
		this.postgres = postgres;
	}

	static Stack create(Path work) throws Exception {
		ScriptCredentials credentials = ScriptCredentials.generate(work.resolve("credentials"));
		PostgresServer postgres = PostgresServer.start();
		try {
			postgres.createDatabase("users");
			postgres.createDatabase("orders");
		}
		catch (Exception ex) {
			postgres.close();
			throw ex;
		}
		return new Stack(work, credentials, postgres);
	}

	/**
	 * A service's gRPC, HTTP and Actuator ports, and its process. user-service's HTTP
	 * port is its Actuator; order-service serves Actuator on a management port of its
	 * own.
	 */
	record Service(ServiceProcess process, int grpcPort, int httpPort, int actuatorPort) {

		long pid() {
			return this.process.pid();
		}

	}

	/**
	 * Starts {@code module}'s jar with {@code java} (a JDK's launcher), the container's
	 * JVM options and {@code jvmOptions}, on PostgreSQL ({@code database}), and waits
	 * until its readiness probe answers 200.
	 */
	Service startService(String module, String database, String java, List<String> jvmOptions, Path jar,
			String... args) {
		Service service = launch(module, database, java, jvmOptions, jar, args);
		service.process()
			.awaitReady("http://127.0.0.1:" + service.actuatorPort() + "/actuator/health/readiness",
					Duration.ofSeconds(90));
		return service;
	}

	/** {@link #startService} without waiting: the caller times the start. */
	Service launch(String module, String database, String java, List<String> jvmOptions, Path jar, String... args) {
		int grpcPort = LoopbackPorts.next();
		int httpPort = LoopbackPorts.next();
		int actuatorPort = module.equals("order-service") ? LoopbackPorts.next() : httpPort;
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(CONTAINER_JVM_OPTIONS);
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--spring.profiles.active=postgres",
				"--spring.grpc.server.address=127.0.0.1", "--spring.grpc.server.port=" + grpcPort,
				"--server.address=127.0.0.1", "--server.port=" + httpPort,
				"--acme.credentials-dir=" + this.credentials.directory()));
		if (actuatorPort != httpPort) {
			command
				.addAll(List.of("--management.server.address=127.0.0.1", "--management.server.port=" + actuatorPort));
		}
		command.addAll(List.of(args));
		ServiceProcess process = ServiceProcess.start(module, command, this.work, this.postgres.environment(database));
		remember(process);
		return new Service(process, grpcPort, httpPort, actuatorPort);
	}

	Service startUserService(List<String> jvmOptions, List<String> settings) {
		return startService("user-service", "users", javaOfThisJvm(), jvmOptions, jar("user-service"),
				settings.toArray(String[]::new));
	}

	Service startOrderService(List<String> jvmOptions, List<String> settings, Service userService) {
		List<String> args = new ArrayList<>(settings);
		args.add(orderServiceTarget(userService));
		args.add("--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + authServer().issuer());
		return startService("order-service", "orders", javaOfThisJvm(), jvmOptions, jar("order-service"),
				args.toArray(String[]::new));
	}

	/**
	 * The authorization server whose tokens order-service's edges accept, started on
	 * first use.
	 */
	synchronized AuthServerProcess authServer() {
		if (this.authServer == null) {
			this.authServer = AuthServerProcess.start(this.work, this.credentials);
			this.started.add(this.authServer);
		}
		return this.authServer;
	}

	/**
	 * An administrator's access token (the machine client, every scope), as a REST client
	 * gets it: valid 5 minutes, so asked for again for each measurement.
	 */
	String accessToken() {
		return authServer().tokens().clientCredentials("orders.read orders.write users.admin");
	}

	static String orderServiceTarget(Service userService) {
		return "--spring.grpc.client.channel.user-service.target=dns:///127.0.0.1:" + userService.grpcPort();
	}

	/**
	 * {@link BareServer} as its own process, with the services' JVM options; waits for
	 * SERVING.
	 */
	Service startBareServer() {
		Service bare = launchBareServer();
		awaitServing(bare, Duration.ofSeconds(30));
		return bare;
	}

	Service launchBareServer() {
		int port = LoopbackPorts.next();
		List<String> command = new ArrayList<>(List.of(javaOfThisJvm()));
		command.addAll(CONTAINER_JVM_OPTIONS);
		command.addAll(List.of("-cp", classPath(), BareServer.class.getName(), Integer.toString(port)));
		ServiceProcess process = ServiceProcess.start("bare-grpc-java", command, this.work, Map.of());
		remember(process);
		return new Service(process, port, -1, -1);
	}

	/** This program's class path, absolute: the bare server runs in the work folder. */
	private static String classPath() {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.map(entry -> Path.of(entry).toAbsolutePath().toString())
			.collect(Collectors.joining(File.pathSeparator));
	}

	/**
	 * Waits, with a bound, for gRPC health to answer SERVING; fails at once if the
	 * process exits.
	 */
	static void awaitServing(Service service, Duration atMost) {
		ManagedChannel channel = plaintext(service.grpcPort());
		try {
			await("SERVING on port " + service.grpcPort()).atMost(atMost)
				.pollInterval(Duration.ofMillis(10))
				.ignoreExceptionsMatching(ex -> !(ex instanceof IllegalStateException))
				.until(() -> {
					if (!service.process().isAlive()) {
						throw new IllegalStateException("process exited; see " + service.process().log());
					}
					return HealthGrpc.newBlockingStub(channel)
						.withDeadlineAfter(1, TimeUnit.SECONDS)
						.check(HealthCheckRequest.getDefaultInstance())
						.getStatus() == ServingStatus.SERVING;
				});
		}
		finally {
			channel.shutdownNow();
		}
	}

	static ManagedChannel plaintext(int port) {
		return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
	}

	static Path jar(String module) {
		return Repository.file(module + "/target/" + module + ".jar");
	}

	static String javaOfThisJvm() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	synchronized void stop(Service service) {
		service.process().close();
		this.started.remove(service.process());
	}

	/**
	 * Keeps {@code process} to stop it with the stack. Once the stack is closing (Ctrl-C
	 * runs {@link #close} from a shutdown hook while the benchmark goes on), it is
	 * stopped at once.
	 */
	private synchronized void remember(ServiceProcess process) {
		if (this.closed) {
			process.close();
			throw new IllegalStateException("the benchmark is stopping");
		}
		this.started.add(process);
	}

	/**
	 * Stops every process this stack started, newest first, then PostgreSQL. Idempotent.
	 */
	@Override
	public synchronized void close() throws Exception {
		this.closed = true;
		for (int i = this.started.size() - 1; i >= 0; i--) {
			this.started.get(i).close();
		}
		this.started.clear();
		this.postgres.close();
	}

}
