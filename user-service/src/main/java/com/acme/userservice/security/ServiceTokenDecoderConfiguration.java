package com.acme.userservice.security;

import java.util.List;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * How a service token is checked: its signature with the key its {@code kid} names among
 * the callers' keys ({@link ServiceCallersProperties}), its audience, its lifetime
 * ({@link TokenLifetimeValidator}); then the caller's roles are those its {@code roles}
 * claim asks for, cut to the ones bound to that key.
 */
@Configuration(proxyBeanMethods = false)
class ServiceTokenDecoderConfiguration {

	@Bean
	CallerKeys callerKeys(ServiceCallersProperties properties) {
		return CallerKeys.of(properties);
	}

	@Bean
	JwtDecoder serviceTokenDecoder(CallerKeys keys, ServiceCallersProperties properties,
			TokenLifetimeValidator lifetime) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(keys.jwkSet()))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder
			.setJwtValidator(
					new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
							new JwtClaimValidator<List<String>>("aud",
									(audience) -> audience != null && audience.contains(properties.audience())),
							lifetime));
		return decoder;
	}

	/** The caller's authorities: the key's binding, not the token alone, decides. */
	@Bean
	Converter<Jwt, AbstractAuthenticationToken> serviceTokenAuthentication(CallerKeys keys) {
		return (token) -> {
			CallerKeys.Binding binding = keys.binding(token);
			if (binding == null) {
				// Nimbus tries every key for a token without kid; such a token names no
				// caller.
				throw new InvalidBearerTokenException("the token's kid names no caller's key");
			}
			return new JwtAuthenticationToken(token, binding.authorities(token.getClaimAsStringList("roles")),
					token.getSubject());
		};
	}

}
