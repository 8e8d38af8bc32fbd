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
 * {@code acme.credentials-dir} laid out as {@code scripts/gen-credentials} lays it out
 * ({@code service-token.key} and {@code service-token.pub}); no key is ever committed.
 * Every Spring test context gets that directory through {@link ContextCustomizerFactory}
 * (registered in {@code META-INF/spring.factories}), so user-service accepts
 * {@link #token tokens} signed here and order-service signs its own with the same key.
 */
public final class TestCredentials {

	/** An operator's roles: every method, bulk import included. */
	public static final List<String> ADMIN = List.of("ADMIN");

	private static Path directory;

	private static NimbusJwtEncoder encoder;

	private static String operatorToken;

	private static Instant operatorTokenSigned = Instant.MIN;

	private TestCredentials() {
	}

	public static synchronized Path directory() {
		if (directory == null) {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				KeyPair keys = generator.generateKeyPair();
				// Under the module's build folder, not /tmp: a JVM that does not exit
				// normally skips deleteOnExit (one folder per CI run was left in /tmp),
				// and `mvn clean` removes what is left here.
				Path created = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
						"test-credentials-");
				created.toFile().deleteOnExit();
				write(created.resolve("service-token.key"), "PRIVATE KEY", keys.getPrivate().getEncoded());
				write(created.resolve("service-token.pub"), "PUBLIC KEY", keys.getPublic().getEncoded());
				RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic())
					.privateKey((RSAPrivateKey) keys.getPrivate())
					.build();
				encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
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

	/** A token for user-service, valid for ten minutes. */
	public static String token(String subject, List<String> roles) {
		return token(subject, roles, "user-service", Duration.ofMinutes(10));
	}

	/**
	 * Any token signed with the test key, including ones user-service must refuse.
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
		return encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims.build()))
			.getTokenValue();
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
