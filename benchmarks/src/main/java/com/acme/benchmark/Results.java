package com.acme.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results table: one row per figure, each next to its baseline from the same run, and
 * the raw measurements behind it. Written as Markdown (for the README) and JSON (for
 * tools).
 */
final class Results {

	/**
	 * One figure. {@code ratio} is measured / baseline; {@code met} is null when the
	 * figure has no target.
	 */
	record Row(String id, String figure, String measured, String baseline, String ratio, String target, Boolean met) {
	}

	private final Map<String, Object> environment;

	private final List<Row> rows = new ArrayList<>();

	private final Map<String, Object> details = new LinkedHashMap<>();

	Results(Map<String, Object> environment) {
		this.environment = environment;
	}

	void add(Row row) {
		this.rows.add(row);
		Benchmark.progress("%s %s: %s (baseline %s, ratio %s)%s", row.id(), row.figure(), row.measured(),
				row.baseline(), row.ratio(),
				(row.met() == null) ? "" : (row.met() ? ", target met" : ", TARGET MISSED"));
	}

	/**
	 * Raw numbers behind the rows (per-run throughput, percentiles, CPU, status counts).
	 */
	void detail(String key, Object value) {
		this.details.put(key, value);
	}

	void write(Path directory) throws IOException {
		Files.createDirectories(directory);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("environment", this.environment);
		json.put("figures", this.rows);
		json.put("details", this.details);
		JsonMapper.builder()
			.enable(SerializationFeature.INDENT_OUTPUT)
			.build()
			.writeValue(directory.resolve("results.json").toFile(), json);
		Files.writeString(directory.resolve("results.md"), markdown());
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("| | Figure | Measured | Baseline (same run) | Ratio | Target | Met |\n");
		md.append("|---|---|---|---|---|---|---|\n");
		for (Row row : this.rows) {
			md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", row.id(), row.figure(),
					row.measured(), row.baseline(), row.ratio(), row.target(),
					(row.met() == null) ? "" : (row.met() ? "yes" : "**no**")));
		}
		md.append('\n');
		this.environment.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
		md.append("- written: ").append(Instant.now()).append('\n');
		return md.toString();
	}

	static String f(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
