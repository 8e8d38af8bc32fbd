package com.acme.grpc.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformDefaultsTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void everyServiceGetsTheSharedDefaults() {
		apply();

		assertThat(this.environment.getProperty("spring.grpc.server.shutdown.grace-period")).isEqualTo("20s");
		assertThat(this.environment.getProperty("management.metrics.distribution.percentiles-histogram.grpc.server"))
			.isEqualTo("true");
		assertThat(this.environment.getProperty("logging.pattern.correlation")).contains("%X{requestId:-}");
	}

	@Test
	void aServicesOwnConfigurationOverridesThem() {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("application.yml",
					Map.of("spring.grpc.server.shutdown.grace-period", "45s", "spring.application.name", "things")));

		apply();

		assertThat(this.environment.getProperty("spring.grpc.server.shutdown.grace-period")).isEqualTo("45s");
		assertThat(this.environment.getPropertySources()
			.stream()
			.reduce((first, second) -> second)
			.orElseThrow()
			.getName()).isEqualTo(PlatformDefaults.NAME);
		// Placeholders resolve against the whole environment.
		assertThat(this.environment.getProperty("acme.grpc.error.domain")).isEqualTo("things");
	}

	@Test
	void addedOnceEvenWhenAppliedAgain() {
		apply();
		apply();

		assertThat(this.environment.getPropertySources()
			.stream()
			.filter((source) -> source.getName().equals(PlatformDefaults.NAME))).hasSize(1);
	}

	private void apply() {
		new PlatformDefaults().postProcessEnvironment(this.environment, new SpringApplication());
	}

}
