package com.acme.userservice.security;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies each distinct service token once, not on every call. Callers send the same
 * token for minutes (order-service signs a 10-minute token and uses it until 2 minutes
 * are left: acme.service-token.lifetime, ServiceTokens), and checking its RS256 signature
 * and claims was the largest CPU cost of a call (the benchmark's profile, README
 * "Performance").
 *
 * <p>
 * Only tokens that passed every check of the decoder are remembered, keyed by their exact
 * text, and only until they expire: an invalid or forged token never enters, so it cannot
 * fill the cache, and is checked again every time. The number of entries is bounded; when
 * full, expired entries go first, then everything.
 */
final class VerifiedTokenCache implements JwtDecoder {

	static final int MAX_ENTRIES = 1_000;

	private final JwtDecoder decoder;

	private final Clock clock;

	private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

	VerifiedTokenCache(JwtDecoder decoder, Clock clock) {
		this.decoder = decoder;
		this.clock = clock;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Instant now = this.clock.instant();
		Jwt known = this.verified.get(token);
		if (known != null && unexpired(known, now)) {
			return known;
		}
		Jwt jwt = this.decoder.decode(token);
		if (unexpired(jwt, now)) {
			if (this.verified.size() >= MAX_ENTRIES) {
				this.verified.values().removeIf((entry) -> !unexpired(entry, now));
				if (this.verified.size() >= MAX_ENTRIES) {
					this.verified.clear();
				}
			}
			this.verified.put(token, jwt);
		}
		return jwt;
	}

	int size() {
		return this.verified.size();
	}

	// TokenLifetimeValidator makes exp mandatory; a token without one is simply never
	// cached.
	private static boolean unexpired(Jwt jwt, Instant now) {
		Instant expiresAt = jwt.getExpiresAt();
		return expiresAt != null && now.isBefore(expiresAt);
	}

}
