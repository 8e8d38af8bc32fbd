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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The service token of order-service: a JWT signed with its private key, kept and reused
 * until a fifth of its lifetime is left, so signing (about a millisecond of RSA) happens
 * a few times an hour per end user, not on every call. The key is read once at startup: a
 * missing or unreadable key stops the application rather than failing every call later.
 *
 * <p>
 * A call made while serving an end user's request carries, in the same signed token, on
 * whose behalf order-service acts: the {@value #ON_BEHALF_OF} claim, the subject of the
 * access token the edge verified. user-service trusts it because it trusts this key, and
 * logs it; a header would be a claim anyone could set. Tokens are kept per end user, a
 * bounded number of them.
 */
@Component
public class ServiceTokens implements Supplier<String> {

	/** The end user's subject, in a token made while serving their request. */
	public static final String ON_BEHALF_OF = "on_behalf_of";

	static final int MAX_END_USERS = 10_000;

	/** Calls made for no end user (none so far; kept apart from any user's). */
	private static final String NOBODY = "";

	private final ServiceTokenProperties properties;

	private final JwtEncoder encoder;

	private final String keyId;

	private final Clock clock;

	private final ConcurrentHashMap<String, Token> current = new ConcurrentHashMap<>();

	@Autowired
	public ServiceTokens(ServiceTokenProperties properties) {
		this(properties, Clock.systemUTC());
	}

	ServiceTokens(ServiceTokenProperties properties, Clock clock) {
		this.properties = properties;
		RSAKey key = key(properties);
		this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		this.keyId = key.getKeyID();
		this.clock = clock;
	}

	/**
	 * A token valid for at least a fifth of its lifetime, on behalf of the end user whose
	 * request this thread serves, if any.
	 */
	@Override
	public String get() {
		return get(endUser());
	}

	/**
	 * @param endUser the end user's subject, or empty for none
	 */
	String get(String endUser) {
		Instant now = this.clock.instant();
		Token token = this.current.get(endUser);
		if (token == null || !now.isBefore(token.renewAt())) {
			if (this.current.size() >= MAX_END_USERS) {
				this.current.values().removeIf((kept) -> !now.isBefore(kept.renewAt()));
				if (this.current.size() >= MAX_END_USERS) {
					this.current.clear();
				}
			}
			token = this.current.compute(endUser,
					(user, kept) -> (kept == null || !now.isBefore(kept.renewAt())) ? sign(user) : kept);
		}
		return token.value();
	}

	/**
	 * Spring Security's authentication of the request or gRPC call being served: the REST
	 * edge's filter and the gRPC edge's interceptor put it there.
	 */
	private static String endUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication instanceof JwtAuthenticationToken user) ? user.getName() : NOBODY;
	}

	private Token sign(String endUser) {
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.properties.lifetime());
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(this.properties.subject())
			.audience(List.of(this.properties.audience()))
			.claim("roles", this.properties.roles())
			.issuedAt(now)
			.expiresAt(expires)
			.claims((all) -> {
				if (!endUser.isEmpty()) {
					all.put(ON_BEHALF_OF, endUser);
				}
			})
			.build();
		String value = this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.keyId).build(),
					claims))
			.getTokenValue();
		return new Token(value, expires.minus(this.properties.lifetime().dividedBy(5)));
	}

	/**
	 * The signing key under its RFC 7638 thumbprint, the {@code kid} by which
	 * user-service finds the public half, and the roles it binds to it.
	 */
	private static RSAKey key(ServiceTokenProperties properties) {
		try (InputStream pem = properties.privateKey().getInputStream()) {
			PrivateKey key = PemContent.load(pem).getPrivateKey();
			if (!(key instanceof RSAPrivateCrtKey rsa)) {
				throw new IllegalStateException("acme.service-token.private-key must be an RSA key");
			}
			RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
			RSAKey jwk = new RSAKey.Builder(publicKey).privateKey(rsa).build();
			return new RSAKey.Builder(jwk).keyID(jwk.computeThumbprint().toString()).build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read acme.service-token.private-key " + properties.privateKey(), ex);
		}
		catch (GeneralSecurityException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Token(String value, Instant renewAt) {
	}

}
