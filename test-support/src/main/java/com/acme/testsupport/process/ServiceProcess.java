package com.acme.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.acme.testsupport.ports.LoopbackPorts;
import com.acme.testsupport.ports.PortTakenException;
import com.acme.testsupport.tools.ExternalTool;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A program started as its own process, as users run it (a service's jar, Prometheus),
 * its output in a log file. Every way it can fail a test (it exits, it never gets ready)
 * says so with the tail of that log, and {@link ProcessLogs} adds the tail to any other
 * failure. It can be stopped with SIGTERM, killed with SIGKILL and started again with the
 * same command, appending to the same log.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final List<String> command;

	private final Path workDirectory;

	private final Map<String, String> environment;

	private final Path log;

	private final ProcessLogs.Registered registered;

	private volatile Process process;

	/** Where in the log this start's output begins. */
	private volatile long startedAt;

	private ServiceProcess(String name, List<String> command, Path workDirectory, Map<String, String> environment,
			Path log) {
		this.name = name;
		this.command = List.copyOf(command);
		this.workDirectory = workDirectory;
		this.environment = Map.copyOf(environment);
		this.log = log;
		this.registered = ProcessLogs.register(name, log);
	}

	/**
	 * {@code java -jar <module>/target/<module>.jar args...} with this JVM's java and a
	 * 256 MB heap.
	 */
	public static ServiceProcess springBootJar(String module, Path workDirectory, Map<String, String> environment,
			String... args) {
		Path jar = ExternalTool.requireFile(
				Path.of("..").toAbsolutePath().normalize().resolve(module + "/target/" + module + ".jar"),
				"./mvnw verify packages it before the modules whose tests run it");
		List<String> command = new ArrayList<>(List.of(javaOfThisJvm(), "-Xmx256m", "-jar", jar.toString()));
		command.addAll(List.of(args));
		return start(module, command, workDirectory, environment);
	}

	/**
	 * Starts {@code command} in {@code workDirectory}; its output goes to
	 * {@code <name>.log} there.
	 */
	public static ServiceProcess start(String name, List<String> command, Path workDirectory,
			Map<String, String> environment) {
		ServiceProcess started = new ServiceProcess(name, command, workDirectory, environment,
				workDirectory.resolve(name + ".log"));
		started.launch();
		return started;
	}

	public static String javaOfThisJvm() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	/**
	 * Starts the same command again, its output appended to the same log, once the
	 * process has exited (killed, crashed, stopped).
	 */
	public void restart() {
		if (this.process.isAlive()) {
			throw new IllegalStateException(this.name + " is still running");
		}
		appendToLog("----- " + this.name + " started again at " + Instant.now() + " -----");
		launch();
	}

	/**
	 * Waits, with a bound, until {@code url} answers 200.
	 * @throws PortTakenException when the process exited because a port it was given was
	 * taken
	 * @throws AssertionError when it exited otherwise, or was not ready in time (with its
	 * log's tail)
	 */
	public void awaitReady(String url, Duration atMost) {
		HttpRequest probe = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
		try {
			await(this.name + " ready at " + url).atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
				if (!this.process.isAlive()) {
					throw exited();
				}
				return status(probe) == 200;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(
					this.name + " was not ready at " + url + " within " + atMost + LogTail.section(this.name, this.log),
					ex);
		}
	}

	/**
	 * Why the process is gone, with its log's tail: to throw when it should have been
	 * running.
	 */
	public AssertionError exited() {
		int code = this.process.exitValue();
		String tail = LogTail.section(this.name, this.log);
		// Only this start's output: an earlier start's bind failure in the same log is
		// not this one's.
		return LoopbackPorts.isBindFailure(LogTail.since(this.log, this.startedAt))
				? new PortTakenException(this.name + " exited with " + code + ": a port it was given was taken" + tail)
				: new AssertionError(this.name + " exited with " + code + tail);
	}

	/**
	 * Sends a POSIX signal ({@code STOP}, {@code CONT}, ...) the way an operator's kill
	 * would.
	 */
	public void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
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
	 * SIGKILL, as the OOM killer or {@code kill -9} does it, and waits until the process
	 * is gone.
	 */
	public void kill() {
		appendToLog("----- " + this.name + " killed with SIGKILL at " + Instant.now() + " -----");
		try {
			if (!this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException(this.name + " still running 30 s after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * SIGTERM, then waits for the process to exit on its own.
	 * @return how long it took, or null when it was still running after {@code atMost}
	 * (it is then killed)
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

	public String name() {
		return this.name;
	}

	public Path log() {
		return this.log;
	}

	/** SIGTERM, then SIGKILL if it is still running after 30 s. */
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
		this.registered.stopped();
	}

	private void launch() {
		this.startedAt = LogTail.size(this.log);
		try {
			ProcessBuilder builder = new ProcessBuilder(this.command).directory(this.workDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
			builder.environment().putAll(this.environment);
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void appendToLog(String line) {
		try {
			Files.writeString(this.log, line + System.lineSeparator(), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int status(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

}
