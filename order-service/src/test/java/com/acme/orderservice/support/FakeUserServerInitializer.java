package com.acme.orderservice.support;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points the {@code user-service} channel at the shared {@link FakeUserServer}. */
public class FakeUserServerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("fakeUserServer",
					Map.of("spring.grpc.client.channel.user-service.target", FakeUserServer.shared().target())));
	}

}
