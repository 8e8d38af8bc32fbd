package com.acme.userservice.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.acme.grpc.security.VerifiedTokenCache;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.FileSystemResource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * One key per caller, roles bound to the key ({@link ServiceTokenDecoderConfiguration}),
 * checked through the same decoder, validators and converter the gRPC server uses; and a
 * key rotation without downtime: while both keys are listed, tokens signed with either
 * are accepted, and once the old key is removed its tokens are refused.
 */
class ServiceTokenKeysTests {

	@TempDir
	Path keys;

	@Test
	void aTokenGetsTheRolesItAsksForCutToThoseBoundToItsKey() throws Exception {
		RSAKey orderService = key("order-service");
		RSAKey operators = key("operators");
		JwtAuthenticationProvider provider = provider(caller("order-service", List.of("SERVICE"), "order-service"),
				caller("operators", List.of("SERVICE", "ADMIN"), "operators"));

		assertThat(roles(provider, sign(orderService, orderService.getKeyID(), "SERVICE", "ADMIN")))
			.containsExactly("ROLE_SERVICE");
		assertThat(roles(provider, sign(operators, operators.getKeyID(), "ADMIN"))).containsExactly("ROLE_ADMIN");
		assertThat(roles(provider, sign(operators, operators.getKeyID(), "SERVICE"))).containsExactly("ROLE_SERVICE");
	}

	@Test
	void aTokenMustNameItsKey() throws Exception {
		RSAKey operators = key("operators");
		JwtAuthenticationProvider provider = provider(caller("operators", List.of("ADMIN"), "operators"));

		// Signed with a listed key, but without kid: whose roles would it get?
		refused(provider, sign(operators, null, "ADMIN"));
		refused(provider, sign(operators, "someone-else", "ADMIN"));
		// Another key under a listed kid: the signature does not verify.
		RSAKey stranger = key("stranger");
		refused(provider, sign(stranger, operators.getKeyID(), "ADMIN"));
	}

	@Test
	void aKeyRotatesWithoutDowntime() throws Exception {
		RSAKey old = key("order-service-1");
		RSAKey next = key("order-service-2");
		String signedWithOld = sign(old, old.getKeyID(), "SERVICE");
		String signedWithNext = sign(next, next.getKeyID(), "SERVICE");

		// During the overlap: both keys listed, order-service may sign with either.
		JwtAuthenticationProvider overlap = provider(
				caller("order-service", List.of("SERVICE"), "order-service-1", "order-service-2"));
		assertThat(roles(overlap, signedWithOld)).containsExactly("ROLE_SERVICE");
		assertThat(roles(overlap, signedWithNext)).containsExactly("ROLE_SERVICE");

		// After it: the old key is gone, and so is every token it signed.
		JwtAuthenticationProvider after = provider(caller("order-service", List.of("SERVICE"), "order-service-2"));
		refused(after, signedWithOld);
		assertThat(roles(after, signedWithNext)).containsExactly("ROLE_SERVICE");
	}

	@Test
	void twoCallersCannotShareAKey() throws Exception {
		key("shared");
		ServiceCallersProperties properties = new ServiceCallersProperties("user-service",
				List.of(caller("order-service", List.of("SERVICE"), "shared"),
						caller("operators", List.of("ADMIN"), "shared")));

		assertThatIllegalStateException().isThrownBy(() -> CallerKeys.of(properties))
			.withMessageContaining("every caller needs keys of its own");
	}

	private JwtAuthenticationProvider provider(ServiceCallersProperties.Caller... callers) {
		ServiceCallersProperties properties = new ServiceCallersProperties("user-service", List.of(callers));
		ServiceTokenDecoderConfiguration configuration = new ServiceTokenDecoderConfiguration();
		CallerKeys keys = configuration.callerKeys(properties);
		JwtDecoder decoder = configuration.serviceTokenDecoder(keys, properties,
				new TokenLifetimeValidator(Duration.ofHours(1)));
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(
				new VerifiedTokenCache(decoder, Clock.systemUTC()));
		provider.setJwtAuthenticationConverter(configuration.serviceTokenAuthentication(keys));
		return provider;
	}

	private ServiceCallersProperties.Caller caller(String name, List<String> roles, String... keyNames) {
		return new ServiceCallersProperties.Caller(name, roles,
				java.util.Arrays.stream(keyNames)
					.map((key) -> (org.springframework.core.io.Resource) new FileSystemResource(
							this.keys.resolve(key + ".pub")))
					.toList());
	}

	private static List<String> roles(JwtAuthenticationProvider provider, String token) {
		Authentication authenticated = provider.authenticate(new BearerTokenAuthenticationToken(token));
		return authenticated.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

	private static void refused(JwtAuthenticationProvider provider, String token) {
		assertThatExceptionOfType(AuthenticationException.class)
			.isThrownBy(() -> provider.authenticate(new BearerTokenAuthenticationToken(token)));
	}

	/** A key pair, its public half written as {@code name.pub}, under its thumbprint. */
	private RSAKey key(String name) throws NoSuchAlgorithmException, IOException, JOSEException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		Files.writeString(this.keys.resolve(name + ".pub"),
				"-----BEGIN PUBLIC KEY-----\n"
						+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
		RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
			.build();
		return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
	}

	private static String sign(RSAKey key, String kid, String... roles) throws JOSEException {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
				new JWTClaimsSet.Builder().subject("caller")
					.audience("user-service")
					.claim("roles", List.of(roles))
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
					.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
