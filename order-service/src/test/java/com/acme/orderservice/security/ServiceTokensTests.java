package com.acme.orderservice.security;

import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import com.acme.testsupport.credentials.TestCredentials;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.FileSystemResource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceTokensTests {

	private final MutableClock clock = new MutableClock();

	private final ServiceTokens tokens = new ServiceTokens(
			new ServiceTokenProperties(new FileSystemResource(TestCredentials.directory().resolve("service-token.key")),
					"order-service", "user-service", List.of("SERVICE"), Duration.ofMinutes(10)),
			this.clock);

	@Test
	void signsWhatUserServiceChecks() throws Exception {
		Jwt token = decoder().decode(this.tokens.get());

		assertThat(token.getSubject()).isEqualTo("order-service");
		assertThat(token.getAudience()).containsExactly("user-service");
		assertThat(token.getClaimAsStringList("roles")).containsExactly("SERVICE");
		assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt())).isEqualTo(Duration.ofMinutes(10));
	}

	/**
	 * Made while serving ada's request, the token says so in a claim user-service can
	 * trust, since it is signed; one token per end user, none shared between them.
	 */
	@Test
	void namesTheEndUserItActsFor() throws Exception {
		String forAda = this.tokens.get("ada");
		String forGrace = this.tokens.get("grace");

		assertThat(decoder().decode(forAda).getClaimAsString(ServiceTokens.ON_BEHALF_OF)).isEqualTo("ada");
		assertThat(decoder().decode(forGrace).getClaimAsString(ServiceTokens.ON_BEHALF_OF)).isEqualTo("grace");
		assertThat(decoder().decode(this.tokens.get()).hasClaim(ServiceTokens.ON_BEHALF_OF)).as("no end user, no claim")
			.isFalse();
		assertThat(this.tokens.get("ada")).isSameAs(forAda);
	}

	@Test
	void signsWithItsKeyUnderItsThumbprint() throws Exception {
		String kid = (String) decoder().decode(this.tokens.get()).getHeaders().get("kid");

		String pem = Files.readString(TestCredentials.directory().resolve("service-token.pub"));
		RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
				.decode(pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""))));
		assertThat(kid).isEqualTo(new RSAKey.Builder(key).build().computeThumbprint().toString());
	}

	@Test
	void reusesATokenUntilAFifthOfItsLifetimeIsLeft() {
		String first = this.tokens.get();
		this.clock.advance(Duration.ofMinutes(7));
		String stillFirst = this.tokens.get();
		this.clock.advance(Duration.ofMinutes(1));
		String renewed = this.tokens.get();

		assertThat(stillFirst).isSameAs(first);
		assertThat(renewed).isNotEqualTo(first);
	}

	private static NimbusJwtDecoder decoder() throws Exception {
		String pem = Files.readString(TestCredentials.directory().resolve("service-token.pub"));
		byte[] der = Base64.getMimeDecoder()
			.decode(pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""));
		RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
		return NimbusJwtDecoder.withPublicKey(key).build();
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.now();

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
