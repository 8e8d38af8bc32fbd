package com.acme.stack.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A PromQL expression found in one of our observability files, made runnable against
 * Prometheus.
 *
 * @param origin where it was found, for failure messages ("dashboard panel 'Request rate'
 * A")
 * @param promql the expression as Prometheus receives it
 * @param kind what it is, which decides what "has data" means for it
 */
record PromQlExpression(String origin, String promql, Kind kind) {

	enum Kind {

		/** A panel query: must return series. */
		PANEL,

		/** A dashboard variable's values query: must return at least one value. */
		VARIABLE,

		/** A recording rule: must return series. */
		RECORDING,

		/** An alert: must evaluate; the quantities it compares must return series. */
		ALERT

	}

	private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((?:(.*),)?\\s*(\\w+)\\s*\\)$");

	private static final Pattern LEFTOVER_VARIABLE = Pattern.compile("\\$\\{?\\w+");

	/**
	 * Every query of a Grafana dashboard, its variables replaced as Grafana does for the
	 * default selection ("All": each variable's allValue) and {@code $__rate_interval} by
	 * {@code rateInterval}.
	 */
	static List<PromQlExpression> fromDashboard(Path dashboardJson, String rateInterval) {
		JsonNode dashboard = JsonMapper.builder().build().readTree(dashboardJson.toFile());
		Map<String, String> values = new LinkedHashMap<>();
		values.put("__rate_interval", rateInterval);
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			values.put(variable.path("name").asString(), variable.path("allValue").asString());
		}
		List<PromQlExpression> expressions = new ArrayList<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			String query = variable.path("query").isObject() ? variable.path("query").path("query").asString()
					: variable.path("query").asString();
			expressions.add(new PromQlExpression("dashboard variable '" + variable.path("name").asString() + "'",
					labelValuesAsPromQl(substitute(query, values)), Kind.VARIABLE));
		}
		for (JsonNode panel : panels(dashboard)) {
			for (JsonNode target : panel.path("targets")) {
				expressions.add(new PromQlExpression(
						"dashboard panel '" + panel.path("title").asString() + "' " + target.path("refId").asString(),
						substitute(target.path("expr").asString(), values), Kind.PANEL));
			}
		}
		return expressions;
	}

	/** Every rule of a Prometheus rule file, in file order. */
	@SuppressWarnings("unchecked")
	static List<PromQlExpression> fromRules(Path rulesFile) {
		Map<String, Object> file;
		try {
			file = new Yaml().load(Files.readString(rulesFile));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<PromQlExpression> expressions = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				boolean alert = rule.containsKey("alert");
				String name = (String) (alert ? rule.get("alert") : rule.get("record"));
				expressions.add(new PromQlExpression((alert ? "alert " : "recording rule ") + name,
						((String) rule.get("expr")).strip(), alert ? Kind.ALERT : Kind.RECORDING));
			}
		}
		return expressions;
	}

	/** Panels at any depth (collapsed rows keep theirs inside). */
	private static List<JsonNode> panels(JsonNode container) {
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode panel : container.path("panels")) {
			found.add(panel);
			found.addAll(panels(panel));
		}
		return found;
	}

	private static String substitute(String query, Map<String, String> values) {
		String result = query;
		for (Map.Entry<String, String> value : values.entrySet()) {
			result = result.replace("${" + value.getKey() + "}", value.getValue())
				.replace("$" + value.getKey(), value.getValue());
		}
		Matcher leftover = LEFTOVER_VARIABLE.matcher(result);
		if (leftover.find()) {
			throw new AssertionError("unknown dashboard variable " + leftover.group() + " in: " + query);
		}
		return result;
	}

	/**
	 * Grafana's {@code label_values(selector, label)} as the PromQL that lists those
	 * values.
	 */
	static String labelValuesAsPromQl(String query) {
		Matcher matcher = LABEL_VALUES.matcher(query.strip());
		if (!matcher.matches()) {
			throw new AssertionError("not a label_values(...) variable query: " + query);
		}
		String label = matcher.group(2);
		String selector = (matcher.group(1) != null) ? matcher.group(1).strip() : "{" + label + "!=\"\"}";
		return "count by (" + label + ") (" + selector + ")";
	}

}
