package com.acme.stack.observability;

import java.nio.file.Path;

import com.acme.testsupport.repository.Repository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks Prometheus ships for its own files, on ours. */
class PromtoolTests {

	private final Path prometheusFolder = Repository.file("observability/prometheus");

	@Test
	void bothScrapeConfigsAndTheirRulesAreValid() {
		for (String config : new String[] { "prometheus.yml", "prometheus-local.yml" }) {
			Promtool.Outcome outcome = Promtool.run(this.prometheusFolder, null, "check", "config", config);
			assertThat(outcome.exitCode()).as(outcome.output()).isZero();
			assertThat(outcome.output()).contains("SUCCESS: " + config + " is valid", "rules found");
		}
	}

	@Test
	void ruleFilesAreValid() {
		Promtool.Outcome outcome = Promtool.run(this.prometheusFolder, null, "check", "rules",
				"rules/grpc-services.rules.yml");
		assertThat(outcome.exitCode()).as(outcome.output()).isZero();
	}

	@Test
	void alertsFireAndStayQuietAsTheirUnitTestsSay() {
		Promtool.Outcome outcome = Promtool.run(this.prometheusFolder, null, "test", "rules",
				"tests/grpc-services.test.yml");
		assertThat(outcome.exitCode()).as(outcome.output()).isZero();
		assertThat(outcome.output()).contains("SUCCESS");
	}

}
