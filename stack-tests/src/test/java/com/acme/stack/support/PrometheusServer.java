package com.acme.stack.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.acme.testsupport.ports.LoopbackPorts;
import com.acme.testsupport.process.ServiceProcess;
import com.acme.testsupport.tools.ExternalTool;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code prometheus} binary (Debian package prometheus; .ci/run installs it) as a
 * process on a loopback port, and the parts of its HTTP API the tests use.
 */
public final class PrometheusServer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ServiceProcess process;

	private final String baseUrl;

	private PrometheusServer(ServiceProcess process, String baseUrl) {
		this.process = process;
		this.baseUrl = baseUrl;
	}

	public static PrometheusServer start(Path configFile, Path workDirectory) {
		Path binary = ExternalTool.require("prometheus");
		return LoopbackPorts.startOnFreePorts(1, (ports) -> {
			String address = "127.0.0.1:" + ports[0];
			ServiceProcess process = ServiceProcess.start(
					"prometheus", List.of(binary.toString(), "--config.file=" + configFile,
							"--web.listen-address=" + address, "--storage.tsdb.path=" + workDirectory.resolve("tsdb")),
					workDirectory, Map.of());
			PrometheusServer server = new PrometheusServer(process, "http://" + address);
			try {
				process.awaitReady(server.baseUrl + "/-/ready", Duration.ofSeconds(60));
				return server;
			}
			catch (RuntimeException | Error ex) {
				process.close();
				throw ex;
			}
		});
	}

	/** An instant query now: the API's answer, which says whether it failed and why. */
	public Result query(String promql) {
		HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/v1/query"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))));
		return new Result(promql, json.readTree(response.body()));
	}

	/** The rule groups as loaded, with each rule's last evaluation error if any. */
	public JsonNode rules() {
		return json.readTree(Http.get(this.baseUrl + "/api/v1/rules").body()).path("data");
	}

	/**
	 * Each scrape target with its health and last error: what to look at when one is not
	 * up.
	 */
	public String targets() {
		StringBuilder summary = new StringBuilder();
		for (JsonNode target : json.readTree(Http.get(this.baseUrl + "/api/v1/targets").body())
			.path("data")
			.path("activeTargets")) {
			summary.append(target.path("scrapeUrl").asString())
				.append(' ')
				.append(target.path("health").asString())
				.append(' ')
				.append(target.path("lastError").asString())
				.append('\n');
		}
		return summary.toString();
	}

	@Override
	public void close() {
		this.process.close();
	}

	/** One answer of /api/v1/query. */
	public record Result(String query, JsonNode answer) {

		public boolean failed() {
			return !"success".equals(this.answer.path("status").asString());
		}

		public String error() {
			return this.answer.path("errorType").asString() + ": " + this.answer.path("error").asString();
		}

		/** Number of series in a vector answer (a scalar counts as one). */
		public int seriesCount() {
			JsonNode result = this.answer.path("data").path("result");
			return result.isArray() ? result.size() : (result.isMissingNode() ? 0 : 1);
		}

	}

}
