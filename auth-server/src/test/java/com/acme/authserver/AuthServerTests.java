package com.acme.authserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.acme.testsupport.auth.TokenClient;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The server as a resource server and a client meet it, over real HTTP: discovery, a
 * client credentials token, and that token verified with nothing but the issuer's
 * address.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AuthServerTests {

	private static final Path KEY = Path.of("target", "auth-server-tests", "auth-server.key").toAbsolutePath();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final KeyPair KEY_PAIR = newKeyPair();

	private static final RSAPublicKey PUBLIC_KEY = (RSAPublicKey) KEY_PAIR.getPublic();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void signingKey(DynamicPropertyRegistry registry) {
		writeKey();
		registry.add("acme.auth.signing-key.location", () -> "file:" + KEY);
	}

	@Test
	void discoveryNamesTheIssuerAndItsEndpoints() {
		JsonNode discovery = json(get("/.well-known/openid-configuration"));

		assertThat(discovery.get("issuer").asString()).isEqualTo(issuer());
		assertThat(discovery.get("token_endpoint").asString()).isEqualTo(issuer() + "/oauth2/token");
		assertThat(discovery.get("jwks_uri").asString()).isEqualTo(issuer() + "/oauth2/jwks");
	}

	@Test
	void aMachineClientGetsAShortLivedTokenThatVerifiesAgainstTheIssuerAlone() {
		HttpResponse<String> answer = token("acme-ops", "local-ops-secret", "orders.read users.admin");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		String accessToken = json(answer).get("access_token").asString();

		// How a resource server configured with issuer-uri only checks it.
		JwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer());
		Jwt jwt = decoder.decode(accessToken);

		assertThat(jwt.getSubject()).isEqualTo("acme-ops");
		assertThat(jwt.getAudience()).containsExactly("order-service");
		assertThat(jwt.getClaimAsStringList("scope")).containsExactlyInAnyOrder("orders.read", "users.admin");
		assertThat(jwt.hasClaim("email")).as("a machine client is no person").isFalse();
		assertThat(Duration.between(Instant.now(), jwt.getExpiresAt())).isLessThanOrEqualTo(Duration.ofMinutes(5));
	}

	/**
	 * A person signs in with the login form (authorization code with PKCE): the token
	 * names them by their verified email, and a buyer does not get the admin scope even
	 * when the client asks for it.
	 */
	@Test
	void aBuyerSigningInGetsTheirEmailAndNoAdminScope() {
		Jwt jwt = verified(new TokenClient(issuer()).signIn("ada", "orders.read orders.write users.admin"));

		assertThat(jwt.getSubject()).isEqualTo("ada");
		assertThat(jwt.getClaimAsString("email")).isEqualTo("ada@example.com");
		assertThat(jwt.getClaimAsBoolean("email_verified")).isTrue();
		assertThat(jwt.getAudience()).containsExactly("order-service");
		assertThat(jwt.getClaimAsStringList("scope")).containsExactlyInAnyOrder("orders.read", "orders.write");
	}

	@Test
	void anAdministratorSigningInKeepsTheAdminScope() {
		Jwt jwt = verified(new TokenClient(issuer()).signIn("admin", "orders.read users.admin"));

		assertThat(jwt.getClaimAsString("email")).isEqualTo("admin@acme.example");
		assertThat(jwt.getClaimAsStringList("scope")).containsExactlyInAnyOrder("orders.read", "users.admin");
	}

	@Test
	void aWrongPasswordGetsNoCode() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> new TokenClient(issuer()).signIn("ada", "not-her-password", "orders.read"))
			.withMessageContaining("sign-in of ada refused");
	}

	/** The authorization code flow without a PKCE challenge is refused (OAuth 2.1). */
	@Test
	void thePublicClientMustUsePkce() {
		HttpResponse<String> answer = send(HttpRequest
			.newBuilder(URI.create(issuer() + "/oauth2/authorize?response_type=code&client_id=acme-cli"
					+ "&redirect_uri=http://127.0.0.1/callback&scope=orders.read"))
			.header("Accept", "text/html")
			.GET());

		// Refused at once, before any login: back to the client with the error.
		assertThat(answer.statusCode()).isEqualTo(302);
		assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).startsWith("http://127.0.0.1/callback?error=invalid_request")
					.contains("code_challenge"));
	}

	private Jwt verified(String accessToken) {
		return JwtDecoders.fromIssuerLocation(issuer()).decode(accessToken);
	}

	/**
	 * Not a key of its own making: one that a restart keeps, under the id its thumbprint
	 * gives it.
	 */
	@Test
	void tokensAreSignedWithTheConfiguredKeyUnderItsThumbprint() throws Exception {
		String accessToken = json(token("acme-ops", "local-ops-secret", "orders.read")).get("access_token").asString();

		Jwt jwt = NimbusJwtDecoder.withPublicKey(PUBLIC_KEY).build().decode(accessToken);
		JsonNode keys = json(get("/oauth2/jwks")).get("keys");

		String thumbprint = new RSAKey.Builder(PUBLIC_KEY).build().computeThumbprint().toString();
		assertThat(jwt.getHeaders()).containsEntry("kid", thumbprint);
		assertThat(keys).hasSize(1);
		assertThat(keys.get(0).get("kid").asString()).isEqualTo(thumbprint);
		assertThat(keys.get(0).has("d")).as("the private half is never published").isFalse();
	}

	@Test
	void aWrongSecretOrAnUnregisteredScopeGetsNoToken() {
		assertThat(token("acme-ops", "not-the-secret", "orders.read").statusCode()).isEqualTo(401);
		HttpResponse<String> unknownScope = token("acme-ops", "local-ops-secret", "payments.write");
		assertThat(unknownScope.statusCode()).isEqualTo(400);
		assertThat(json(unknownScope).get("error").asString()).isEqualTo("invalid_scope");
	}

	private String issuer() {
		return "http://127.0.0.1:" + this.port;
	}

	private HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(issuer() + path)).GET());
	}

	private HttpResponse<String> token(String clientId, String secret, String scope) {
		String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(URI.create(issuer() + "/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("grant_type=client_credentials&scope=" + scope.replace(" ", "+"))));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The private key as scripts/gen-credentials writes it: PKCS#8 PEM. */
	private static void writeKey() {
		try {
			byte[] pkcs8 = KEY_PAIR.getPrivate().getEncoded();
			Files.createDirectories(KEY.getParent());
			Files.writeString(KEY,
					"-----BEGIN PRIVATE KEY-----\n"
							+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
							+ "\n-----END PRIVATE KEY-----\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
