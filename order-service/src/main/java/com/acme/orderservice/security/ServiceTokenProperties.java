package com.acme.orderservice.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * {@code acme.service-token.*}: the token order-service presents to user-service.
 *
 * @param privateKey the RSA private key (PKCS#8 PEM) that signs it; user-service holds
 * the public half
 * @param subject who we are ({@code sub})
 * @param audience who it is for ({@code aud}); user-service refuses tokens meant for
 * others
 * @param roles what we may do ({@code roles}): SERVICE reads and changes users, ADMIN
 * also imports
 * @param lifetime how long a token is valid; a new one is signed when less than a fifth
 * is left
 */
@ConfigurationProperties("acme.service-token")
public record ServiceTokenProperties(Resource privateKey, String subject, String audience, List<String> roles,
		Duration lifetime) {

	public ServiceTokenProperties {
		if (lifetime == null || lifetime.toSeconds() < 10) {
			throw new IllegalArgumentException("acme.service-token.lifetime must be at least 10s");
		}
	}

}
