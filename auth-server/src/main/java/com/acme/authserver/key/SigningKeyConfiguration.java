package com.acme.authserver.key;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * Signs tokens with the configured key instead of Spring Boot's default, a new random key
 * at every start: with that, a restart of the authorization server would make every token
 * it issued unverifiable, and resource servers would refetch the JWK set for nothing. The
 * key id is the key's RFC 7638 thumbprint, so the same key always has the same id and a
 * new key (rotation) a new one.
 */
@Configuration(proxyBeanMethods = false)
public class SigningKeyConfiguration {

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeyProperties properties) {
		return new ImmutableJWKSet<>(new JWKSet(signingKey(properties)));
	}

	static RSAKey signingKey(SigningKeyProperties properties) {
		if (properties.location() == null || !properties.location().exists()) {
			throw new IllegalStateException("acme.auth.signing-key.location: no key at " + properties.location()
					+ " (scripts/gen-credentials makes one)");
		}
		try (InputStream in = properties.location().getInputStream()) {
			RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) RsaKeyConverters.pkcs8().convert(in);
			RSAPublicKey publicKey = publicHalf(privateKey.getModulus(), privateKey.getPublicExponent());
			RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.build();
			return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (JOSEException | GeneralSecurityException | ClassCastException | IllegalArgumentException ex) {
			throw new IllegalStateException(
					"acme.auth.signing-key.location: " + properties.location() + " is not an RSA private key", ex);
		}
	}

	private static RSAPublicKey publicHalf(BigInteger modulus, BigInteger exponent) throws GeneralSecurityException {
		return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
	}

}
