package com.acme.authserver.token;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What every access token this server issues is for.
 *
 * @param audience the resource servers that accept it (its {@code aud}); each checks that
 * its own name is there, so a token meant for another API is refused
 * @param adminScope the scope only administrators get in a person's token
 */
@ConfigurationProperties("acme.auth.access-token")
public record AccessTokenProperties(List<String> audience, String adminScope) {

	public AccessTokenProperties {
		audience = (audience != null) ? List.copyOf(audience) : List.of();
	}

}
