package com.acme.grpc.security;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's JWT decoder, whichever it is, is verified-once by the platform.
 */
class VerifiedTokenAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VerifiedTokenAutoConfiguration.class));

	@Test
	void everyJwtDecoderBeanVerifiesEachTokenOnce() {
		AtomicInteger decoded = new AtomicInteger();
		JwtDecoder decoder = (token) -> {
			decoded.incrementAndGet();
			return Jwt.withTokenValue(token)
				.header("alg", "RS256")
				.subject("caller")
				.issuedAt(Instant.now())
				.expiresAt(Instant.now().plusSeconds(300))
				.build();
		};
		this.runner.withBean(JwtDecoder.class, () -> decoder).run((context) -> {
			JwtDecoder bean = context.getBean(JwtDecoder.class);
			assertThat(bean).isInstanceOf(VerifiedTokenCache.class);

			bean.decode("a-token");
			bean.decode("a-token");
			assertThat(decoded).hasValue(1);
		});
	}

}
