package com.acme.grpc.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The configuration every service of ours shares ({@code acme-grpc-defaults.yml} in this
 * module): metrics and their histograms, health groups, the logging pattern, gRPC server
 * settings. Added as the last property source, so a service's {@code application.yml},
 * profiles, environment variables and command line all override any of it, and each
 * service's file keeps only what is its own.
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

	static final String NAME = "acme-grpc-defaults";

	private static final String LOCATION = "acme-grpc-defaults.yml";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(NAME)) {
			return;
		}
		try {
			List<PropertySource<?>> loaded = new YamlPropertySourceLoader().load(NAME,
					new ClassPathResource(LOCATION, PlatformDefaults.class.getClassLoader()));
			loaded.forEach(environment.getPropertySources()::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + LOCATION, ex);
		}
	}

	/** After the config data (application.yml) is loaded; the position is last anyway. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
