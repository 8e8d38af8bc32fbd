package com.acme.grpc.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link VerifiedTokenCache}: a token is verified once while it is valid, a rejected one
 * every time. The decoder here stands for Boot's (whose checks
 * {@code CallerAuthenticationTests} proves over a real port) and records what it was
 * asked to verify.
 */
class VerifiedTokenCacheTests {

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	private final List<String> verified = new ArrayList<>();

	private Instant now = NOW;

	private final JwtDecoder decoder = (token) -> {
		this.verified.add(token);
		if (token.startsWith("forged")) {
			throw new BadJwtException("signature does not match");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("order-service")
			.issuedAt(NOW)
			.expiresAt(NOW.plus(Duration.ofMinutes(10)))
			.build();
	};

	private final VerifiedTokenCache cache = new VerifiedTokenCache(this.decoder, new Clock() {

		@Override
		public Instant instant() {
			return VerifiedTokenCacheTests.this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	});

	@Test
	void aValidTokenIsVerifiedOnceWhileValid() {
		Jwt first = this.cache.decode("token-a");
		this.now = NOW.plus(Duration.ofMinutes(9));
		assertThat(this.cache.decode("token-a")).isSameAs(first);
		assertThat(this.verified).containsExactly("token-a");
	}

	@Test
	void anExpiredTokenIsVerifiedAgainNotServedFromTheCache() {
		this.cache.decode("token-a");
		this.now = NOW.plus(Duration.ofMinutes(10));
		this.cache.decode("token-a");
		assertThat(this.verified).containsExactly("token-a", "token-a");
	}

	@Test
	void aRejectedTokenIsCheckedEveryTimeAndNeverKept() {
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.cache.decode("forged-token"));
		}
		assertThat(this.verified).containsExactly("forged-token", "forged-token");
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void manyDistinctTokensStayWithinTheBound() {
		for (int i = 0; i <= VerifiedTokenCache.MAX_ENTRIES; i++) {
			this.cache.decode("token-" + i);
		}
		assertThat(this.cache.size()).isBetween(1, VerifiedTokenCache.MAX_ENTRIES);
		this.cache.decode("token-" + VerifiedTokenCache.MAX_ENTRIES);
		assertThat(this.verified).hasSize(VerifiedTokenCache.MAX_ENTRIES + 1);
	}

}
