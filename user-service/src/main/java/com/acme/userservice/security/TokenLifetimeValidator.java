package com.acme.userservice.security;

import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Service tokens must be short-lived: Spring Security's default validators check
 * {@code exp} only when it is present, so a token without one (or one valid for a year)
 * would work until the signing key is replaced. This refuses tokens without {@code iat}
 * and {@code exp}, and tokens whose lifetime is longer than
 * {@code acme.security.max-token-lifetime}. The service-token decoder
 * ({@link ServiceTokenDecoderConfiguration}) applies it after the signature checks.
 */
@Component
public class TokenLifetimeValidator implements OAuth2TokenValidator<Jwt> {

	private final Duration maxLifetime;

	public TokenLifetimeValidator(@Value("${acme.security.max-token-lifetime:1h}") Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		Instant issued = token.getIssuedAt();
		Instant expires = token.getExpiresAt();
		if (issued == null || expires == null) {
			return invalid("the token must carry iat and exp");
		}
		if (Duration.between(issued, expires).compareTo(this.maxLifetime) > 0) {
			return invalid("the token is valid for longer than " + this.maxLifetime);
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult invalid(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

}
