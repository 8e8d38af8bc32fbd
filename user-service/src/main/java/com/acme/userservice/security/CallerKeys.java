package com.acme.userservice.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The callers' public keys as a JWK set, each under its RFC 7638 thumbprint as
 * {@code kid} (what order-service's {@code ServiceTokens} and
 * {@code scripts/service-token} put in the token's header), and the roles bound to each
 * key.
 */
final class CallerKeys {

	private final JWKSet keys;

	private final Map<String, Binding> bindings;

	private CallerKeys(JWKSet keys, Map<String, Binding> bindings) {
		this.keys = keys;
		this.bindings = bindings;
	}

	static CallerKeys of(ServiceCallersProperties properties) {
		List<JWK> keys = new ArrayList<>();
		Map<String, Binding> bindings = new LinkedHashMap<>();
		for (ServiceCallersProperties.Caller caller : properties.callers()) {
			if (caller.keys().isEmpty()) {
				throw new IllegalStateException("acme.security.callers: " + caller.name() + " has no keys");
			}
			for (Resource location : caller.keys()) {
				RSAKey key = rsaKey(caller.name(), location);
				Binding earlier = bindings.putIfAbsent(key.getKeyID(), new Binding(caller.name(), caller.roles()));
				if (earlier != null) {
					throw new IllegalStateException("acme.security.callers: " + location + " of " + caller.name()
							+ " is already the key of " + earlier.caller() + "; every caller needs keys of its own");
				}
				keys.add(key);
			}
		}
		return new CallerKeys(new JWKSet(keys), Map.copyOf(bindings));
	}

	JWKSet jwkSet() {
		return this.keys;
	}

	/** The caller whose key signed {@code token}, or null when its kid names none. */
	@Nullable Binding binding(Jwt token) {
		Object kid = token.getHeaders().get("kid");
		return (kid instanceof String id) ? this.bindings.get(id) : null;
	}

	private static RSAKey rsaKey(String caller, Resource location) {
		try (InputStream pem = location.getInputStream()) {
			RSAPublicKey rsa;
			try {
				rsa = RsaKeyConverters.x509().convert(pem);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						"acme.security.callers: " + location + " of " + caller + " is not an RSA public key (PEM)", ex);
			}
			RSAKey jwk = new RSAKey.Builder(rsa).build();
			return new RSAKey.Builder(jwk).keyID(jwk.computeThumbprint().toString()).build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("acme.security.callers: cannot read " + location + " of " + caller, ex);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param caller its name, for logs
	 * @param roles the most its tokens grant
	 */
	record Binding(String caller, List<String> roles) {

		/**
		 * The token's claimed roles that this key may grant, as authorities: a token can
		 * ask for fewer, never for more.
		 */
		Collection<GrantedAuthority> authorities(@Nullable List<String> claimed) {
			Set<String> allowed = Set.copyOf(this.roles);
			return (claimed != null) ? claimed.stream()
				.filter(allowed::contains)
				.distinct()
				.map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
				.collect(Collectors.toList()) : List.of();
		}

	}

}
