package com.acme.stack.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.acme.order.v1.CreateOrderRequest;
import com.acme.order.v1.ListOrdersRequest;
import com.acme.order.v1.OrderLine;
import com.acme.order.v1.OrderServiceGrpc;
import com.acme.stack.support.Http;
import com.acme.stack.support.ServicePair;
import com.acme.testsupport.auth.BearerCredentials;
import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.testsupport.credentials.ScriptCredentials;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Both jars as processes, and tokens a client should never get through with: missing,
 * malformed, expired, unsigned ({@code alg: none}), signed with another key, by another
 * issuer, for another audience, or another service's token. Each is 401 with
 * {@code WWW-Authenticate} and a problem+json body at the REST edge, and UNAUTHENTICATED
 * on OrderService; never a 500 or UNKNOWN, never a stack trace. The forgeries are made
 * with the authorization server's own key where only one claim is wrong, and a control
 * made the same way with nothing wrong passes, so each refusal is for the reason named.
 */
class EdgeTokenTests {

	@TempDir
	static Path work;

	private static ServicePair services;

	private static ManagedChannel channel;

	private static RSAKey issuerKey;

	private static String serviceToken;

	@BeforeAll
	static void start() throws Exception {
		ScriptCredentials credentials = ScriptCredentials.generate(work.resolve("credentials"));
		services = ServicePair.in(work, credentials)
			.userService(Map.of(), "--acme.data-dir=" + work)
			.orderService(Map.of(), "--acme.data-dir=" + work)
			.start();
		channel = NettyChannelBuilder.forAddress("127.0.0.1", services.orderGrpcPort()).usePlaintext().build();
		issuerKey = rsaKey(SharedAuthServer.credentials().file("auth-server.key"));
		serviceToken = credentials.token("order-service", "SERVICE");
	}

	@AfterAll
	static void stop() {
		if (channel != null) {
			channel.shutdownNow();
		}
		if (services != null) {
			services.close();
		}
	}

	static Stream<Arguments> forgeries() {
		return Stream.of(Arguments.of("malformed", (Forgery) () -> "not-a-jwt"),
				Arguments.of("three parts of garbage", (Forgery) () -> "a.b.c"),
				Arguments.of("unsigned (alg: none)", (Forgery) () -> new PlainJWT(claims().build()).serialize()),
				Arguments.of("signed with another key under the issuer's kid",
						(Forgery) () -> sign(anotherKey(issuerKey.getKeyID()), claims())),
				Arguments.of("from another issuer",
						(Forgery) () -> sign(issuerKey, claims().issuer("http://attacker.example"))),
				Arguments.of("for another audience",
						(Forgery) () -> sign(issuerKey, claims().audience("user-service"))),
				Arguments.of("expired",
						(Forgery) () -> sign(issuerKey,
								claims().issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(20))))
									.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(10)))))),
				Arguments.of("user-service's service token", (Forgery) () -> serviceToken));
	}

	/**
	 * The same making, nothing wrong: what shows that each forgery fails for its flaw.
	 */
	@Test
	void theControlTokenMadeTheSameWayIsAccepted() {
		String token = sign(issuerKey, claims());

		HttpResponse<String> rest = rest(token);
		assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
		assertThat(orders(token).listOrders(listOrders()).getOrdersCount()).isZero();
	}

	@Test
	void noTokenIsUnauthenticated() {
		HttpResponse<String> rest = rest(null);
		assertThat(rest.statusCode()).isEqualTo(401);
		assertThat(rest.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").doesNotContain("invalid_token"));
		problem(rest, "UNAUTHENTICATED");
		grpcRefused(null, (stub) -> stub.listOrders(listOrders()), Status.Code.UNAUTHENTICATED);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgeries")
	void aForgedTokenIsUnauthenticated(String description, Forgery forgery) {
		String token = forgery.token();

		HttpResponse<String> rest = rest(token);
		assertThat(rest.statusCode()).as(rest.body()).isEqualTo(401);
		assertThat(rest.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
		problem(rest, "UNAUTHENTICATED");
		grpcRefused(token, (stub) -> stub.listOrders(listOrders()), Status.Code.UNAUTHENTICATED);
	}

	@Test
	void aValidTokenWithoutTheScopeIsForbidden() {
		String buyer = SharedAuthServer.personToken("ada", "orders.read");

		HttpResponse<String> rest = Http.send(request(buyer, "/api/users").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"x@example.com\",\"displayName\":\"X\"}")));
		assertThat(rest.statusCode()).as(rest.body()).isEqualTo(403);
		assertThat(rest.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("insufficient_scope"));
		problem(rest, "PERMISSION_DENIED");
		grpcRefused(buyer,
				(stub) -> stub.createOrder(CreateOrderRequest.newBuilder()
					.setUserId(UUID.randomUUID().toString())
					.addLines(OrderLine.newBuilder().setSku("A").setQuantity(1).setUnitPriceCents(1))
					.build()),
				Status.Code.PERMISSION_DENIED);
	}

	private static HttpResponse<String> rest(String token) {
		return Http.send(request(token, "/api/users?pageSize=1").GET());
	}

	private static HttpRequest.Builder request(String token, String path) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + services.orderHttpPort() + path))
			.timeout(Duration.ofSeconds(30));
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	private static void problem(HttpResponse<String> answer, String code) {
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(answer.body()).contains("\"code\":\"" + code + "\"", "\"requestId\":")
			.doesNotContain("Exception", "at org.", "at com.");
	}

	private static ListOrdersRequest listOrders() {
		return ListOrdersRequest.newBuilder().setUserId(UUID.randomUUID().toString()).build();
	}

	private static OrderServiceGrpc.OrderServiceBlockingStub orders(String token) {
		OrderServiceGrpc.OrderServiceBlockingStub stub = OrderServiceGrpc.newBlockingStub(channel)
			.withDeadlineAfter(30, TimeUnit.SECONDS);
		return (token != null) ? stub.withCallCredentials(new BearerCredentials(() -> token)) : stub;
	}

	private static void grpcRefused(String token, Consumer<OrderServiceGrpc.OrderServiceBlockingStub> call,
			Status.Code expected) {
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> call.accept(orders(token)));
		assertThat(refused).as("refused with " + expected).isNotNull();
		assertThat(refused.getStatus().getCode()).as(refused.getStatus().toString()).isEqualTo(expected);
		assertThat(String.valueOf(refused.getStatus().getDescription())).doesNotContain("at org.", "at com.");
	}

	/** What the authorization server puts in an administrator's token. */
	private static JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(SharedAuthServer.server().issuer())
			.subject("acme-ops")
			.audience("order-service")
			.claim("scope", List.of("orders.read", "orders.write", "users.admin"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
	}

	private static String sign(RSAKey key, JWTClaimsSet.Builder claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims.build());
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** auth-server's signing key (PKCS#8 PEM), under the kid it publishes. */
	private static RSAKey rsaKey(Path pem) throws IOException, GeneralSecurityException, JOSEException {
		String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
		RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
		return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
	}

	private static RSAKey anotherKey(String keyId) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate())
				.keyID(keyId)
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@FunctionalInterface
	interface Forgery {

		String token();

	}

}
