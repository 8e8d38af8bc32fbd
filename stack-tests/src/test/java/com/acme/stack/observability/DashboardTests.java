package com.acme.stack.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.acme.testsupport.repository.Repository;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Grafana needs of the dashboard file to load it by provisioning, and the expression
 * handling the live proof relies on ({@link LivePrometheusTests} evaluates the queries).
 */
class DashboardTests {

	private final Path dashboardFile = Repository.file("observability/grafana/dashboards/grpc-services.json");

	private final JsonNode dashboard = JsonMapper.builder().build().readTree(this.dashboardFile.toFile());

	@Test
	void everyPanelQueriesTheProvisionedPrometheusDatasource() throws IOException {
		Map<String, Object> provisioning = new Yaml()
			.load(Files.readString(Repository.file("observability/grafana/provisioning/datasources/prometheus.yml")));
		@SuppressWarnings("unchecked")
		String uid = (String) ((List<Map<String, Object>>) provisioning.get("datasources")).get(0).get("uid");
		assertThat(queryPanels()).isNotEmpty();
		for (JsonNode panel : queryPanels()) {
			assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
				.isEqualTo(uid);
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("datasource").path("uid").asString()).isEqualTo(uid);
				assertThat(target.path("expr").asString()).isNotBlank();
			}
		}
	}

	@Test
	void panelsHaveUniqueIdsFitTheGridAndSayWhatTheyShow() {
		Set<Integer> ids = new HashSet<>();
		for (JsonNode panel : this.dashboard.path("panels")) {
			assertThat(ids.add(panel.path("id").asInt())).as("duplicate panel id " + panel.path("id")).isTrue();
			JsonNode grid = panel.path("gridPos");
			assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asString())
				.isLessThanOrEqualTo(24);
		}
		assertThat(queryPanels()).allSatisfy((panel) -> assertThat(panel.path("description").asString()).isNotBlank());
		assertThat(this.dashboard.path("uid").asString()).isNotBlank();
	}

	@Test
	void theDashboardCoversBothSidesOfEveryCallTheEdgeAndTheRuntime() {
		String queries = String.join("\n",
				PromQlExpression.fromDashboard(this.dashboardFile, "1m")
					.stream()
					.map(PromQlExpression::promql)
					.toList());
		assertThat(queries).contains("grpc_server_seconds_count", "grpc_server_seconds_bucket",
				"grpc_server_active_seconds_count", "grpc_server_received_total", "grpc_server_sent_total",
				"grpc_client_seconds_count", "grpc_client_seconds_bucket", "grpc_client_active_seconds_count",
				"grpc_client_received_total", "grpc_client_sent_total", "DEADLINE_EXCEEDED|CANCELLED",
				"http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
				"http_server_requests_active_seconds_count", "grpc_server_health_serving", "jvm_memory_used_bytes",
				"hikaricp_connections_active");
		assertThat(queries).doesNotContain("$");
	}

	@Test
	void variablesBecomeTheirAllValueAndLabelValuesBecomesPromQl() {
		List<PromQlExpression> variables = PromQlExpression.fromDashboard(this.dashboardFile, "20s")
			.stream()
			.filter((expression) -> expression.kind() == PromQlExpression.Kind.VARIABLE)
			.toList();
		assertThat(variables).extracting(PromQlExpression::origin)
			.containsExactly("dashboard variable 'application'", "dashboard variable 'service'",
					"dashboard variable 'method'");
		assertThat(variables.get(2).promql()).isEqualTo(
				"count by (rpc_method) ({__name__=~\"grpc_(server|client)_seconds_count\", rpc_service=~\"acme[.].+\"})");
		assertThat(PromQlExpression.labelValuesAsPromQl("label_values(job)")).isEqualTo("count by (job) ({job!=\"\"})");
	}

	@Test
	void alertExpressionsSplitIntoTheQuantitiesTheyCompare() {
		assertThat(ComparisonOperands.of("up{job=~\"a|b\"} == 0")).containsExactly("up{job=~\"a|b\"}");
		assertThat(ComparisonOperands.of("acme:x:rate5m > 0.02 or acme:y:rate5m > 2e-2"))
			.containsExactly("acme:x:rate5m", "acme:y:rate5m");
		assertThat(ComparisonOperands.of("sum by (a) (rate(m{s!=\"OK\"}[5m])) / on (a) group_left x >= bool y"))
			.containsExactly("sum by (a) (rate(m{s!=\"OK\"}[5m])) / on (a) group_left x", "y");
		assertThat(ComparisonOperands.of("error_ratio unless ignoring (le) orders > 1")).containsExactly("error_ratio",
				"orders");
		assertThat(ComparisonOperands.of("rate(m{uri=\"/a>b\"}[5m])")).containsExactly("rate(m{uri=\"/a>b\"}[5m])");
	}

	private List<JsonNode> queryPanels() {
		List<JsonNode> panels = new ArrayList<>();
		this.dashboard.path("panels").forEach((panel) -> {
			if (!"row".equals(panel.path("type").asString())) {
				panels.add(panel);
			}
		});
		return panels;
	}

}
