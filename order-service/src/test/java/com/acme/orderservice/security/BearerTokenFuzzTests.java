package com.acme.orderservice.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the token path of both edges: whatever an {@code Authorization} header holds,
 * Spring Security's bearer resolution and JWT checks (signature, issuer, audience,
 * lifetime, as {@code spring.security.oauth2.resourceserver.jwt.*} configures them)
 * either authenticate it or refuse it with an {@link AuthenticationException}, which the
 * edges answer with 401 / UNAUTHENTICATED. Any other exception would be a 500 or UNKNOWN,
 * and fails the test. {@code EdgeTokenTests} (stack-tests) sends the known forgeries to
 * the real jars.
 *
 * <p>
 * In a normal test run only the saved corpus replays; to fuzz, see the README.
 */
class BearerTokenFuzzTests {

	private static final String ISSUER = "http://127.0.0.1:9000";

	private static final KeyPair KEYS = keys();

	private static final JwtAuthenticationProvider provider = provider();

	private static final DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();

	/**
	 * Most inputs are shaped like a JWT: a bearer header whose three parts are the
	 * fuzzer's header JSON, claims JSON and signature bytes, each base64url-encoded, so
	 * that the JOSE and JSON parsing is reached (Jazzer guides only by our own classes'
	 * coverage here). The rest are raw {@code Authorization} values.
	 */
	@FuzzTest(maxDuration = "5m")
	void everyAuthorizationValueIsAcceptedOrRefusedAsUnauthenticated(FuzzedDataProvider data) {
		String authorization;
		if (data.consumeBoolean()) {
			Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
			String header = data.consumeString(200);
			String claims = data.consumeString(1000);
			byte[] signature = data.consumeRemainingAsBytes();
			authorization = "Bearer " + base64url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
					+ base64url.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
					+ base64url.encodeToString(signature);
		}
		else {
			authorization = new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
		}
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
		request.addHeader("Authorization", authorization);
		try {
			String token = resolve(request);
			if (token == null) {
				return; // no bearer token at all: the entry point's 401
			}
			Authentication authenticated = provider.authenticate(new BearerTokenAuthenticationToken(token));
			// Only a token signed with our key, which the fuzzer cannot make, gets here.
			assertThat(authenticated.isAuthenticated()).isTrue();
		}
		catch (AuthenticationException refused) {
			assertThat(refused.getMessage()).isNotNull();
		}
	}

	private static String resolve(HttpServletRequest request) {
		return resolver.resolve(request);
	}

	/** As Spring Boot builds it from issuer-uri and audiences. */
	private static JwtAuthenticationProvider provider() {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(ISSUER),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains("order-service"))));
		return new JwtAuthenticationProvider(decoder);
	}

	private static KeyPair keys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
