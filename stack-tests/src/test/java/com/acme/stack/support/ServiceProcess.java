package com.acme.stack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A program started as its own process, as users run it (a service's jar, Prometheus), its
 * output in a log file that failures point to. Stopped with SIGTERM, then SIGKILL if it hangs.
 */
public final class ServiceProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private ServiceProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/** {@code java -jar <module>/target/<module>.jar args...} with this JVM's java. */
	public static ServiceProcess springBootJar(String module, Path workDirectory, Map<String, String> environment,
			String... args) {
		Path jar = ExternalJars.require(module);
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xmx256m", "-jar", jar.toString()));
		command.addAll(List.of(args));
		return start(module, command, workDirectory, environment);
	}

	/**
	 * {@link #springBootJar} with the gRPC and HTTP servers on 127.0.0.1 at the given ports and
	 * the keys and certificates of {@code credentials} ({@code acme.credentials-dir}).
	 */
	public static ServiceProcess onLoopback(String module, Path workDirectory, Map<String, String> environment,
			int grpcPort, int httpPort, Path credentials, String... args) {
		List<String> all = new ArrayList<>(List.of("--spring.grpc.server.address=127.0.0.1",
				"--spring.grpc.server.port=" + grpcPort, "--server.address=127.0.0.1", "--server.port=" + httpPort,
				"--acme.credentials-dir=" + credentials));
		all.addAll(List.of(args));
		return springBootJar(module, workDirectory, environment, all.toArray(String[]::new));
	}

	public static ServiceProcess start(String name, List<String> command, Path workDirectory,
			Map<String, String> environment) {
		try {
			Path log = workDirectory.resolve(name + ".log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(environment);
			return new ServiceProcess(name, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits, with a bound, until {@code url} answers 200; fails at once if the process exits. */
	public void awaitReady(String url, Duration atMost) {
		await(this.name + " ready at " + url).atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new AssertionError(this.name + " exited with " + this.process.exitValue() + "; see " + this.log);
			}
			return Http.status(url) == 200;
		});
	}

	/** Sends a POSIX signal ({@code STOP}, {@code CONT}, ...) the way an operator's kill would. */
	public void signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + name + " " + this.process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * SIGTERM, then waits for the process to exit on its own.
	 * @return how long it took, or null when it was still running after {@code atMost} (it is
	 * then killed)
	 */
	public Duration terminate(Duration atMost) {
		long started = System.nanoTime();
		this.process.destroy();
		try {
			if (this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
				return Duration.ofNanos(System.nanoTime() - started);
			}
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			return null;
		}
	}

	/** Waits, with a bound, for the process to exit by itself; true if it did. */
	public boolean awaitExit(Duration atMost) throws InterruptedException {
		return this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The process id, for reading its CPU time and memory from /proc. */
	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public Path log() {
		return this.log;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
