package com.acme.testsupport.postgres;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One PostgreSQL server for every test in the JVM that does not need one of its own;
 * started on first use, stopped when the JVM exits. Points a test's application context
 * at it.
 */
public final class SharedPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static PostgresServer server;

	public static synchronized PostgresServer server() {
		if (server == null) {
			// Stopped, and its data deleted, when the JVM exits (PostgresServer's own
			// hook).
			server = PostgresServer.start();
		}
		return server;
	}

	public static Map<String, Object> datasourceProperties(PostgresServer postgres) {
		return Map.of("spring.datasource.url", postgres.jdbcUrl(), "spring.datasource.username", postgres.username(),
				"spring.datasource.password", "");
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("sharedPostgres", datasourceProperties(server())));
	}

}
