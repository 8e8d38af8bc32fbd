package com.acme.testsupport.tracing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.acme.testsupport.ports.LoopbackPorts;
import com.acme.testsupport.process.ServiceProcess;
import com.acme.testsupport.tools.ExternalTool;

/**
 * Zipkin's server (Maven Central's {@code io.zipkin:zipkin-server}, classifier
 * {@code exec}; the module's build copies it to {@code target/zipkin/zipkin-server.jar})
 * as a process on a loopback port, keeping spans in memory: the trace backend the
 * services export to in the tests, as in {@code scripts/run-local --tracing}.
 */
public final class ZipkinServer implements AutoCloseable {

	/** A hang detector, not a performance bound. */
	private static final Duration STARTUP = Duration.ofSeconds(180);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ServiceProcess process;

	private final String baseUrl;

	private ZipkinServer(ServiceProcess process, String baseUrl) {
		this.process = process;
		this.baseUrl = baseUrl;
	}

	/** Starts it with its log in {@code work} and waits until its health is UP. */
	public static ZipkinServer start(Path work) {
		Path jar = ExternalTool.requireFile(Path.of("target/zipkin/zipkin-server.jar").toAbsolutePath(),
				"the module's build copies it there (maven-dependency-plugin, execution zipkin-server)");
		return LoopbackPorts.startOnFreePorts(1, (ports) -> {
			// Armeria's port list replaces Zipkin's as a whole, so the protocol is given
			// again; the address keeps it on loopback.
			List<String> command = List.of(ServiceProcess.javaOfThisJvm(), "-Xmx256m", "-jar", jar.toString(),
					"--armeria.ports[0].port=" + ports[0], "--armeria.ports[0].ip=127.0.0.1",
					"--armeria.ports[0].protocols[0]=http");
			ServiceProcess process = ServiceProcess.start("zipkin", command, work, Map.of());
			ZipkinServer server = new ZipkinServer(process, "http://127.0.0.1:" + ports[0]);
			try {
				process.awaitReady(server.baseUrl + "/health", STARTUP);
				return server;
			}
			catch (RuntimeException | Error ex) {
				process.close();
				throw ex;
			}
		});
	}

	/**
	 * Where the services send spans: {@code management.tracing.export.zipkin.endpoint}.
	 */
	public String spansEndpoint() {
		return this.baseUrl + "/api/v2/spans";
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * GET of a path of Zipkin's API ({@code /api/v2/trace/{id}}, ...).
	 * @return the status and body
	 */
	public HttpResponse<String> get(String pathAndQuery) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError("Zipkin did not answer " + pathAndQuery + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

	public ServiceProcess process() {
		return this.process;
	}

	@Override
	public void close() {
		this.process.close();
	}

}
