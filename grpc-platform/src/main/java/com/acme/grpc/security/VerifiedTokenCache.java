package com.acme.grpc.security;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies each distinct bearer token once, not on every call. Callers send the same
 * token for minutes (order-service its 10-minute service token until 2 minutes are left;
 * a client its access token for the 5 minutes it lives), and checking an RS256 signature
 * and the claims was the largest CPU cost of a call on both servers (the benchmark's
 * profiles, README "Performance").
 *
 * <p>
 * Only tokens that passed every check of the decoder are remembered, keyed by their exact
 * text, and only until they expire: an invalid or forged token never enters, so it cannot
 * fill the cache, and is checked again every time. A token without {@code exp} is never
 * remembered. The number of entries is bounded; when full, expired entries go first, then
 * everything. {@link VerifiedTokenAutoConfiguration} puts it in front of every
 * {@link JwtDecoder} bean.
 */
public final class VerifiedTokenCache implements JwtDecoder {

	static final int MAX_ENTRIES = 1_000;

	private final JwtDecoder decoder;

	private final Clock clock;

	private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

	public VerifiedTokenCache(JwtDecoder decoder, Clock clock) {
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

	// A token without exp is checked every time.
	private static boolean unexpired(Jwt jwt, Instant now) {
		Instant expiresAt = jwt.getExpiresAt();
		return expiresAt != null && now.isBefore(expiresAt);
	}

}
