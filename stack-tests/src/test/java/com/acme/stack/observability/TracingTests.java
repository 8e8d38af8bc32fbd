package com.acme.stack.observability;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.acme.stack.support.Http;
import com.acme.stack.support.ServicePair;
import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.tracing.ZipkinServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces in a real Zipkin server, exported by both services' jars as processes: a REST
 * request is one trace with the right parents across both services, a request that runs
 * out of its budget is a trace of failed spans, a bulk import validates over one stream
 * span, and a request id finds its trace.
 *
 * <p>
 * The services sample nothing of their own accord here (probability 0): a trace exists
 * only because the caller sent a sampled {@code traceparent}, which both services follow
 * (parent-based sampling), or because the request failed ({@code FailedTraceExport}).
 * That makes what reaches Zipkin depend on nothing random.
 */
class TracingTests {

	/** A hang detector: each service's reporter sends its spans about once a second. */
	private static final Duration EXPORTED = Duration.ofSeconds(60);

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path work;

	private static ZipkinServer zipkin;

	private static ServicePair services;

	@BeforeAll
	static void start() {
		zipkin = ZipkinServer.start(work);
		ScriptCredentials credentials = ScriptCredentials.generate(work.resolve("credentials"));
		String[] tracing = { "--acme.data-dir=" + work, "--management.tracing.export.zipkin.enabled=true",
				"--management.tracing.export.zipkin.endpoint=" + zipkin.spansEndpoint(),
				"--management.tracing.sampling.probability=0.0" };
		services = ServicePair.in(work, credentials)
			.userService(Map.of(), tracing)
			.orderService(Map.of(), tracing)
			.start();
	}

	@AfterAll
	static void stop() {
		if (services != null) {
			services.close();
		}
		if (zipkin != null) {
			zipkin.close();
		}
	}

	@Test
	void aRestRequestIsOneTraceAcrossBothServices() {
		Traceparent caller = Traceparent.sampled();
		String requestId = "trace-" + UUID.randomUUID();

		HttpResponse<String> created = rest("POST", "/api/users",
				"{\"email\": \"" + requestId + "@example.com\", \"displayName\": \"Traced\"}", caller.header(),
				requestId, null);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

		Trace trace = awaitTrace(caller.traceId(),
				(spans) -> spans.has("order-service", "SERVER") && spans.has("user-service", "SERVER"));
		Span edge = trace.one("order-service", "SERVER", "http post /api/users");
		Span client = trace.one("order-service", "CLIENT", "acme.user.v1.userservice/createuser");
		Span server = trace.one("user-service", "SERVER", "acme.user.v1.userservice/createuser");
		assertThat(edge.parentId()).as("the edge continues the caller's trace").isEqualTo(caller.spanId());
		assertThat(trace.ancestors(client)).as("the gRPC call is made inside the REST request").contains(edge.id());
		assertThat(server.parentId()).as("user-service's span is the child of order-service's call")
			.isEqualTo(client.id());
		assertThat(trace.children(server)).as("user-service's SQL statements, inside its span of the call")
			.anySatisfy((statement) -> assertThat(statement.tag("jdbc.query[0]")).startsWithIgnoringCase("INSERT"));
		assertThat(List.of(edge, client, server)).allSatisfy((span) -> {
			assertThat(span.tag("request.id")).as(span.toString()).isEqualTo(requestId);
			assertThat(span.tag("error")).as(span.toString()).isNull();
		});

		// The request id alone finds the trace.
		JsonNode found = json.readTree(
				zipkin
					.get("/api/v2/traces?limit=10&annotationQuery="
							+ URLEncoder.encode("request.id=" + requestId, StandardCharsets.UTF_8))
					.body());
		assertThat(found).hasSize(1);
		assertThat(found.get(0).get(0).path("traceId").asString()).isEqualTo(caller.traceId());
	}

	@Test
	void aRequestOutOfItsBudgetIsATraceOfFailedSpans() {
		Traceparent caller = Traceparent.sampled();

		HttpResponse<String> late = rest("GET", "/api/users/" + UUID.randomUUID(), null, caller.header(),
				"trace-" + UUID.randomUUID(), "1ms");
		assertThat(late.statusCode()).as(late.body()).isEqualTo(504);

		Trace trace = awaitTrace(caller.traceId(),
				(spans) -> spans.has("order-service", "SERVER") && spans.has("order-service", "CLIENT"));
		assertThat(trace.one("order-service", "SERVER", "http get /api/users/{id}").tag("error")).isEqualTo("504");
		assertThat(trace.one("order-service", "CLIENT", "acme.user.v1.userservice/getuser").tag("error"))
			.isEqualTo("DEADLINE_EXCEEDED");
	}

	@Test
	void anUnsampledRequestIsExportedOnlyWhenItFails() {
		String succeeded = "trace-ok-" + UUID.randomUUID();
		String failed = "trace-late-" + UUID.randomUUID();

		assertThat(rest("GET", "/api/users?pageSize=1", null, null, succeeded, null).statusCode()).isEqualTo(200);
		assertThat(rest("GET", "/api/users/" + UUID.randomUUID(), null, null, failed, "1ms").statusCode())
			.isEqualTo(504);

		JsonNode found = await("the failed request's trace in Zipkin").atMost(EXPORTED)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> tracesWithRequestId(failed), (traces) -> traces.size() == 1);
		Trace trace = awaitTrace(found.get(0).get(0).path("traceId").asString(),
				(spans) -> spans.has("order-service", "SERVER") && spans.has("order-service", "CLIENT"));
		assertThat(trace.one("order-service", "SERVER", "http get /api/users/{id}").tag("error")).isEqualTo("504");
		assertThat(trace.one("order-service", "CLIENT", "acme.user.v1.userservice/getuser").tag("error"))
			.isEqualTo("DEADLINE_EXCEEDED");
		// The successful request's spans were dropped as they ended, before the failed
		// request was sent: nothing of it can still be on its way.
		assertThat(tracesWithRequestId(succeeded)).isEmpty();
	}

	@Test
	void aBulkImportChecksEveryBuyerOverOneStreamSpan() {
		List<String> buyers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> created = rest("POST", "/api/users",
					"{\"email\": \"buyer-" + UUID.randomUUID() + "@example.com\", \"displayName\": \"Buyer\"}", null,
					"trace-" + UUID.randomUUID(), null);
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			buyers.add(json.readTree(created.body()).path("id").asString());
		}
		String items = buyers.stream()
			.flatMap((buyer) -> Stream.of(buyer, buyer, buyer, buyer))
			.map((buyer) -> "{\"userId\": \"" + buyer
					+ "\", \"lines\": [{\"sku\": \"PEN-7\", \"quantity\": 1, \"unitPriceCents\": 300}]}")
			.collect(Collectors.joining(",", "[", "]"));
		Traceparent caller = Traceparent.sampled();

		HttpResponse<String> imported = rest("POST", "/api/orders/import", items, caller.header(),
				"trace-" + UUID.randomUUID(), null);
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

		Trace trace = awaitTrace(caller.traceId(),
				(spans) -> spans.has("order-service", "SERVER") && spans.has("user-service", "SERVER"));
		Span client = trace.one("order-service", "CLIENT", "acme.user.v1.userservice/validateusers");
		Span server = trace.one("user-service", "SERVER", "acme.user.v1.userservice/validateusers");
		assertThat(server.parentId()).isEqualTo(client.id());
		assertThat(trace.spans()).as("12 items, 3 buyers, one stream: no span per id")
			.filteredOn((span) -> span.name().contains("validateusers"))
			.hasSize(2);
	}

	private static HttpResponse<String> rest(String method, String path, String body, String traceparent,
			String requestId, String budget) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + services.orderHttpPort() + path))
			.header("Authorization", "Bearer " + SharedAuthServer.operatorToken())
			.header("X-Request-Id", requestId)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		if (budget != null) {
			request.header("X-Request-Timeout", budget);
		}
		return Http.send(request);
	}

	private static JsonNode tracesWithRequestId(String requestId) {
		HttpResponse<String> answer = zipkin.get("/api/v2/traces?limit=10&annotationQuery="
				+ URLEncoder.encode("request.id=" + requestId, StandardCharsets.UTF_8));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return json.readTree(answer.body());
	}

	/** Waits until Zipkin has the trace and {@code complete} holds for its spans. */
	private static Trace awaitTrace(String traceId, Predicate<Trace> complete) {
		return await("trace " + traceId + " in Zipkin").atMost(EXPORTED)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				HttpResponse<String> answer = zipkin.get("/api/v2/trace/" + traceId);
				return (answer.statusCode() == 200) ? new Trace(json.readTree(answer.body())) : null;
			}, (trace) -> trace != null && complete.test(trace));
	}

	/** A W3C traceparent a caller sends with the sampled flag. */
	private record Traceparent(String traceId, String spanId) {

		static Traceparent sampled() {
			byte[] trace = new byte[16];
			byte[] span = new byte[8];
			ThreadLocalRandom.current().nextBytes(trace);
			ThreadLocalRandom.current().nextBytes(span);
			// A non-zero upper half: Zipkin would shorten the id otherwise.
			trace[0] |= 0x10;
			span[0] |= 0x10;
			return new Traceparent(HexFormat.of().formatHex(trace), HexFormat.of().formatHex(span));
		}

		String header() {
			return "00-" + this.traceId + "-" + this.spanId + "-01";
		}

	}

	/** One trace as Zipkin's API returns it: its spans, in no particular order. */
	private record Trace(List<Span> spans) {

		Trace(JsonNode spans) {
			this(readSpans(spans));
		}

		private static List<Span> readSpans(JsonNode spans) {
			List<Span> read = new ArrayList<>();
			spans.forEach((span) -> read.add(new Span(span)));
			return read;
		}

		boolean has(String service, String kind) {
			return this.spans.stream().anyMatch((span) -> span.service().equals(service) && span.kind().equals(kind));
		}

		Span one(String service, String kind, String name) {
			List<Span> matching = this.spans.stream()
				.filter((span) -> span.service().equals(service) && span.kind().equals(kind)
						&& span.name().equals(name))
				.toList();
			assertThat(matching).as("%s %s span %s in %s", service, kind, name, this.spans).hasSize(1);
			return matching.get(0);
		}

		List<Span> children(Span parent) {
			return this.spans.stream().filter((span) -> parent.id().equals(span.parentId())).toList();
		}

		/** The ids of the span's parent, its parent's parent, and so on. */
		List<String> ancestors(Span span) {
			Map<String, Span> byId = this.spans.stream().collect(Collectors.toMap(Span::id, (each) -> each));
			List<String> ancestors = new ArrayList<>();
			for (String parent = span.parentId(); parent != null
					&& ancestors.size() < this.spans.size(); parent = (byId.containsKey(parent))
							? byId.get(parent).parentId() : null) {
				ancestors.add(parent);
			}
			return ancestors;
		}

	}

	/** One span of Zipkin's v2 JSON. */
	private record Span(JsonNode node) {

		String id() {
			return this.node.path("id").asString();
		}

		String parentId() {
			return this.node.has("parentId") ? this.node.path("parentId").asString() : null;
		}

		String name() {
			return this.node.path("name").asString();
		}

		String kind() {
			return this.node.path("kind").asString();
		}

		String service() {
			return this.node.path("localEndpoint").path("serviceName").asString();
		}

		String tag(String key) {
			JsonNode tag = this.node.path("tags").path(key);
			return tag.isMissingNode() ? null : tag.asString();
		}

		@Override
		public String toString() {
			return this.node.toString();
		}

	}

}
