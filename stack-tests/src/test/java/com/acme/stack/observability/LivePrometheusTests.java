package com.acme.stack.observability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import com.acme.stack.observability.PromQlExpression.Kind;
import com.acme.stack.support.Http;
import com.acme.stack.support.PrometheusServer;
import com.acme.stack.support.ServicePair;
import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.postgres.PostgresServer;
import com.acme.testsupport.postgres.SharedPostgres;
import com.acme.testsupport.repository.Repository;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The observability proof: user-service and order-service from their jars, each on its
 * own PostgreSQL database, scraped by a real Prometheus with the repository's local
 * scrape config and rules. After traffic that exercises every RPC kind, an error, a
 * deadline and a cancellation, every PromQL expression of the Grafana dashboard and of
 * the rule files is evaluated through Prometheus's HTTP API: none may fail, none may come
 * back empty.
 */
class LivePrometheusTests {

	@TempDir
	static Path work;

	private static final Deque<AutoCloseable> running = new ArrayDeque<>();

	private static PrometheusServer prometheus;

	private static int userHttp;

	private static int orderManagement;

	@BeforeAll
	static void startTheStack() throws Exception {
		PostgresServer postgres = SharedPostgres.server();
		postgres.createDatabase("stack_users");
		postgres.createDatabase("stack_orders");
		ScriptCredentials credentials = ScriptCredentials.generate(work.resolve("credentials"));
		ServicePair services = started(ServicePair.in(work, credentials)
			.userService(postgres.environment("stack_users"), "--spring.profiles.active=postgres")
			.orderService(postgres.environment("stack_orders"), "--spring.profiles.active=postgres")
			.start());
		int userGrpc = services.userGrpcPort();
		int orderGrpc = services.orderGrpcPort();
		userHttp = services.userHttpPort();
		orderManagement = services.orderManagementPort();
		int orderHttp = services.orderHttpPort();

		prometheus = started(
				PrometheusServer.start(LocalScrapeConfig.pointedAt(work, userHttp, orderManagement), work));
		await("Prometheus scrapes both services").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(prometheus.query("up{job=~\"user-service|order-service\"} == 1").seriesCount())
				.as(prometheus::targets)
				.isEqualTo(2);
		});

		// Direct calls (ImportUsers among them) come from an operator.
		ManagedChannel userChannel = started(channel(userGrpc, credentials.token("stack-tests", "ADMIN")));
		ManagedChannel orderChannel = started(channel(orderGrpc, null));
		// Every test below looks at the stack after this traffic.
		new StackTraffic("http://127.0.0.1:" + orderHttp, userChannel, orderChannel).exerciseEverything();
	}

	@AfterAll
	static void stopTheStack() throws Exception {
		while (!running.isEmpty()) {
			running.pop().close();
		}
	}

	@Test
	void everyDashboardAndRuleExpressionReturnsDataFromTheLiveServices() {
		List<PromQlExpression> expressions = new ArrayList<>(
				PromQlExpression.fromDashboard(Repository.file("observability/grafana/dashboards/grpc-services.json"),
						LocalScrapeConfig.rateInterval()));
		expressions.addAll(
				PromQlExpression.fromRules(Repository.file("observability/prometheus/rules/grpc-services.rules.yml")));
		assertThat(expressions).extracting(PromQlExpression::kind).contains(Kind.values());

		// An expression Prometheus rejects is wrong now and later: no point waiting.
		assertThat(expressions).allSatisfy((expression) -> {
			PrometheusServer.Result result = prometheus.query(expression.promql());
			assertThat(result.failed()).as(expression.origin() + ": " + expression.promql() + " -> " + result.error())
				.isFalse();
		});
		// Data arrives with the next scrapes and rule evaluations (every 5 s here).
		await("every expression returns series").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(withoutData(expressions)).isEmpty());
	}

	@Test
	void everyRuleIsLoadedAndEvaluatesWithoutError() {
		await("rules evaluated").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			List<String> rules = new ArrayList<>();
			for (JsonNode group : prometheus.rules().path("groups")) {
				for (JsonNode rule : group.path("rules")) {
					assertThat(rule.path("health").asString())
						.as(rule.path("name").asString() + ": " + rule.path("lastError").asString())
						.isEqualTo("ok");
					rules.add(rule.path("name").asString());
				}
			}
			assertThat(rules).hasSameSizeAs(PromQlExpression
				.fromRules(Repository.file("observability/prometheus/rules/grpc-services.rules.yml")));
		});
	}

	@Test
	void bothServicesExpositionsPassPromtoolCheckMetrics() throws Exception {
		for (int port : new int[] { userHttp, orderManagement }) {
			String exposition = Http.get("http://127.0.0.1:" + port + "/actuator/prometheus").body();
			assertThat(Promtool.run(work, exposition, "check", "metrics")).as("port " + port)
				.isEqualTo(new Promtool.Outcome(0, ""));
		}
	}

	private static List<String> withoutData(List<PromQlExpression> expressions) {
		List<String> empty = new ArrayList<>();
		for (PromQlExpression expression : expressions) {
			List<String> queries = (expression.kind() == Kind.ALERT) ? ComparisonOperands.of(expression.promql())
					: List.of(expression.promql());
			for (String query : queries) {
				PrometheusServer.Result result = prometheus.query(query);
				if (result.failed() || result.seriesCount() == 0) {
					empty.add(expression.origin() + ": " + query + (result.failed() ? " -> " + result.error() : ""));
				}
			}
		}
		return empty;
	}

	private static ManagedChannel channel(int port, String token) {
		NettyChannelBuilder channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
		if (token != null) {
			channel.intercept(ScriptCredentials.bearer(token));
		}
		return channel.build();
	}

	private static <T> T started(T resource) {
		running.push((resource instanceof ManagedChannel channel) ? channel::shutdownNow : (AutoCloseable) resource);
		return resource;
	}

}
