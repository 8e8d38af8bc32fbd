package com.acme.testsupport.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Service-token keys made at test time, once per JVM, in a temporary
 * {@code acme.credentials-dir} laid out as {@code scripts/gen-credentials} lays it out:
 * order-service's ({@code service-token.key}, {@code .pub}) and the operators'
 * ({@code operator-token.key}, {@code .pub}); no key is ever committed. Every Spring test
 * context gets that directory through {@link ContextCustomizerFactory} (registered in
 * {@code META-INF/spring.factories}), so user-service accepts {@link #token tokens}
 * signed here and order-service signs its own with its key.
 */
public final class TestCredentials {

	/** An operator's roles: every method, bulk import included. */
	public static final List<String> ADMIN = List.of("ADMIN");

	private static Path directory;

	/** Signs with the operators' key, which user-service binds to SERVICE and ADMIN. */
	private static NimbusJwtEncoder operators;

	private static String operatorsKeyId;

	/** Signs with order-service's key, which user-service binds to SERVICE only. */
	private static NimbusJwtEncoder orderService;

	private static String orderServiceKeyId;

	private static String operatorToken;

	private static Instant operatorTokenSigned = Instant.MIN;

	private TestCredentials() {
	}

	public static synchronized Path directory() {
		if (directory == null) {
			try {
				// Under the module's build folder, not /tmp: a JVM that does not exit
				// normally skips deleteOnExit (one folder per CI run was left in /tmp),
				// and `mvn clean` removes what is left here.
				Path created = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
						"test-credentials-");
				created.toFile().deleteOnExit();
				RSAKey orderServiceKey = keyPair(created, "service-token");
				orderService = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(orderServiceKey)));
				orderServiceKeyId = orderServiceKey.getKeyID();
				RSAKey operatorsKey = keyPair(created, "operator-token");
				operators = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(operatorsKey)));
				operatorsKeyId = operatorsKey.getKeyID();
				directory = created;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return directory;
	}

	/**
	 * An operator's (ADMIN) token for user-service, signed again once it is five minutes
	 * old.
	 */
	public static synchronized String operatorToken() {
		if (Instant.now().isAfter(operatorTokenSigned.plus(Duration.ofMinutes(5)))) {
			operatorToken = token("test-operator", ADMIN);
			operatorTokenSigned = Instant.now();
		}
		return operatorToken;
	}

	/** An operator's token for user-service, valid for ten minutes. */
	public static String token(String subject, List<String> roles) {
		return token(subject, roles, "user-service", Duration.ofMinutes(10));
	}

	/**
	 * A token signed with order-service's key, as order-service signs its own: whatever
	 * {@code roles} it claims, user-service grants at most SERVICE.
	 */
	public static String orderServiceToken(List<String> roles) {
		return orderServiceToken(roles, null);
	}

	/**
	 * @param onBehalfOf the end user order-service acts for (its {@code on_behalf_of}
	 * claim), or null for none
	 */
	public static String orderServiceToken(List<String> roles, String onBehalfOf) {
		directory();
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.subject("order-service")
			.audience(List.of("user-service"))
			.claim("roles", roles)
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(10)));
		if (onBehalfOf != null) {
			claims.claim("on_behalf_of", onBehalfOf);
		}
		return sign(orderService, orderServiceKeyId, claims.build());
	}

	/**
	 * Any token signed with the operators' test key, including ones user-service must
	 * refuse.
	 * @param validFor from now until {@code exp}; negative for an expired token, null for
	 * none
	 */
	public static String token(String subject, List<String> roles, String audience, Duration validFor) {
		directory();
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.subject(subject)
			.audience(List.of(audience))
			.claim("roles", roles);
		if (validFor != null) {
			claims.issuedAt(validFor.isNegative() ? now.plus(validFor).minus(Duration.ofMinutes(5)) : now)
				.expiresAt(now.plus(validFor));
		}
		else {
			claims.issuedAt(now);
		}
		return sign(operators, operatorsKeyId, claims.build());
	}

	private static String sign(NimbusJwtEncoder encoder, String keyId, JwtClaimsSet claims) {
		return encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).build(), claims))
			.getTokenValue();
	}

	/**
	 * {@code name.key} and {@code name.pub} in {@code directory}, and the key under its
	 * thumbprint as kid.
	 */
	private static RSAKey keyPair(Path directory, String name) throws IOException, NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		write(directory.resolve(name + ".key"), "PRIVATE KEY", keys.getPrivate().getEncoded());
		write(directory.resolve(name + ".pub"), "PUBLIC KEY", keys.getPublic().getEncoded());
		RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).privateKey((RSAPrivateKey) keys.getPrivate())
			.build();
		try {
			return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void write(Path file, String type, byte[] der) throws IOException {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
		Files.writeString(file, "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n");
		file.toFile().deleteOnExit();
	}

	/**
	 * Puts {@link #directory()} in every test context as {@code acme.credentials-dir}.
	 */
	public static final class ContextCustomizerFactory
			implements org.springframework.test.context.ContextCustomizerFactory {

		@Override
		public ContextCustomizer createContextCustomizer(Class<?> testClass,
				List<ContextConfigurationAttributes> configAttributes) {
			return new Customizer();
		}

	}

	private static final class Customizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("testCredentials",
						Map.of("acme.credentials-dir", directory().toString())));
		}

		// One customizer for all tests: it must not split the context cache.
		@Override
		public boolean equals(Object other) {
			return other instanceof Customizer;
		}

		@Override
		public int hashCode() {
			return Customizer.class.hashCode();
		}

	}

}
