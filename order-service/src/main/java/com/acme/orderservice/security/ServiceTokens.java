package com.acme.orderservice.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * The service token of order-service: a JWT signed with its private key, kept and reused
 * until a fifth of its lifetime is left, so signing (about a millisecond of RSA) happens
 * a few times an hour, not on every call. The key is read once at startup: a missing or
 * unreadable key stops the application rather than failing every call later.
 */
@Component
public class ServiceTokens implements Supplier<String> {

	private final ServiceTokenProperties properties;

	private final JwtEncoder encoder;

	private final Clock clock;

	private volatile Token current;

	@Autowired
	public ServiceTokens(ServiceTokenProperties properties) {
		this(properties, Clock.systemUTC());
	}

	ServiceTokens(ServiceTokenProperties properties, Clock clock) {
		this.properties = properties;
		this.encoder = encoder(properties);
		this.clock = clock;
	}

	/** A token valid for at least a fifth of its lifetime. */
	@Override
	public String get() {
		Token token = this.current;
		if (token == null || !this.clock.instant().isBefore(token.renewAt())) {
			synchronized (this) {
				token = this.current;
				if (token == null || !this.clock.instant().isBefore(token.renewAt())) {
					token = sign();
					this.current = token;
				}
			}
		}
		return token.value();
	}

	private Token sign() {
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.properties.lifetime());
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(this.properties.subject())
			.audience(List.of(this.properties.audience()))
			.claim("roles", this.properties.roles())
			.issuedAt(now)
			.expiresAt(expires)
			.build();
		String value = this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
			.getTokenValue();
		return new Token(value, expires.minus(this.properties.lifetime().dividedBy(5)));
	}

	private static JwtEncoder encoder(ServiceTokenProperties properties) {
		try (InputStream pem = properties.privateKey().getInputStream()) {
			PrivateKey key = PemContent.load(pem).getPrivateKey();
			if (!(key instanceof RSAPrivateCrtKey rsa)) {
				throw new IllegalStateException("acme.service-token.private-key must be an RSA key");
			}
			RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
			RSAKey jwk = new RSAKey.Builder(publicKey).privateKey(rsa).build();
			return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read acme.service-token.private-key " + properties.privateKey(), ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Token(String value, Instant renewAt) {
	}

}
