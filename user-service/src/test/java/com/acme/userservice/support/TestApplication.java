package com.acme.userservice.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.acme.testsupport.credentials.TestCredentials;
import com.acme.userservice.UserServiceApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * Starts user-service the way {@code java -jar} does, for tests that must stop it or
 * restart it themselves. Settings are passed as command-line arguments: they outrank
 * application.yml, as they do for users ({@code SpringApplicationBuilder.properties}
 * would only set defaults, which application.yml overrides). Servers bind to 127.0.0.1 on
 * free ports, as everywhere in the tests ({@code config/application.yml} in the test
 * resources).
 */
public final class TestApplication {

	private TestApplication() {
	}

	public static ConfigurableApplicationContext start(Map<String, ?> settings, String... profiles) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--acme.credentials-dir=" + TestCredentials.directory());
		settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(UserServiceApplication.class).profiles(profiles)
			.run(arguments.toArray(String[]::new));
	}

	public static int grpcPort(ConfigurableApplicationContext application) {
		return application.getBean(GrpcServerLifecycle.class).getPort();
	}

}
