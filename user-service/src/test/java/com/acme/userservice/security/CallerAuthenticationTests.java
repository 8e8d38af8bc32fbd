package com.acme.userservice.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.acme.testsupport.credentials.TestCredentials;
import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.acme.userservice.support.StatusAssertions.callFails;
import static com.acme.userservice.support.StatusAssertions.detail;
import static com.acme.userservice.support.TestUsers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call user-service ({@link GrpcSecurityConfiguration}), over a real port, with
 * tokens signed by the test key (and some that must be refused).
 */
@UserServiceIntegrationTest
class CallerAuthenticationTests {

	private static final List<String> SERVICE = List.of("SERVICE");

	@LocalGrpcServerPort
	int grpcPort;

	@LocalServerPort
	int httpPort;

	@Test
	void healthNeedsNoCredentials() throws Exception {
		try (GrpcClients anonymous = new GrpcClients(this.grpcPort, null)) {
			for (String service : List.of("", UserServiceGrpc.SERVICE_NAME)) {
				assertThat(HealthGrpc.newBlockingStub(anonymous.channel())
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.check(HealthCheckRequest.newBuilder().setService(service).build())
					.getStatus()).isEqualTo(ServingStatus.SERVING);
			}
		}
	}

	@Test
	void actuatorNeedsNoCredentials() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String path : List.of("/actuator/health/readiness", "/actuator/prometheus")) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
		}
	}

	static List<Arguments> refusedTokens() {
		String valid = TestCredentials.token("order-service", SERVICE);
		return List.of(Arguments.of("no token", null), Arguments.of("not a JWT", "not-a-jwt"),
				Arguments.of("expired",
						TestCredentials.token("order-service", SERVICE, "user-service", Duration.ofMinutes(-5))),
				Arguments.of("without exp", TestCredentials.token("order-service", SERVICE, "user-service", null)),
				Arguments.of("valid for a day",
						TestCredentials.token("order-service", SERVICE, "user-service", Duration.ofDays(1))),
				Arguments.of("for another audience",
						TestCredentials.token("order-service", SERVICE, "billing", Duration.ofMinutes(10))),
				Arguments.of("claims changed after signing", withClaims(valid,
						"{\"sub\":\"order-service\",\"aud\":[\"user-service\"],\"roles\":[\"ADMIN\"],\"exp\":4102444800}")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedTokens")
	void callersWithoutAValidTokenAreUnauthenticated(String description, String token) throws Exception {
		try (GrpcClients clients = new GrpcClients(this.grpcPort, token)) {
			StatusRuntimeException failure = callFails(() -> clients.users().getUser(anyId()));

			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(failure.getStatus().getDescription()).startsWith("a valid bearer token is required");
			assertThat(detail(failure, ErrorInfo.class).getReason()).isEqualTo("UNAUTHENTICATED");
		}
	}

	@Test
	void aServiceMayReadButNotBulkImport() throws Exception {
		try (GrpcClients orderService = new GrpcClients(this.grpcPort,
				TestCredentials.token("order-service", SERVICE))) {
			StatusRuntimeException read = callFails(() -> orderService.users().getUser(anyId()));
			Status imported = importOne(orderService);

			assertThat(read.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
			assertThat(imported.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		}
	}

	/**
	 * order-service holds its own key only, bound to SERVICE: the ADMIN it claims is not
	 * granted (the roles are cut to the key's), so it cannot bulk-import.
	 */
	@Test
	void orderServicesKeyCannotMintAdmin() throws Exception {
		try (GrpcClients orderService = new GrpcClients(this.grpcPort,
				TestCredentials.orderServiceToken(List.of("SERVICE", "ADMIN")))) {
			StatusRuntimeException read = callFails(() -> orderService.users().getUser(anyId()));

			assertThat(read.getStatus().getCode()).as("SERVICE is granted").isEqualTo(Status.Code.NOT_FOUND);
			assertThat(importOne(orderService).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		}
		try (GrpcClients adminOnly = new GrpcClients(this.grpcPort,
				TestCredentials.orderServiceToken(List.of("ADMIN")))) {
			StatusRuntimeException read = callFails(() -> adminOnly.users().getUser(anyId()));

			assertThat(read.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		}
	}

	@Test
	void aTokenWithoutRolesMayCallNothing() throws Exception {
		try (GrpcClients nobody = new GrpcClients(this.grpcPort, TestCredentials.token("nobody", List.of()))) {
			StatusRuntimeException failure = callFails(() -> nobody.users().getUser(anyId()));

			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
			assertThat(detail(failure, ErrorInfo.class).getReason()).isEqualTo("PERMISSION_DENIED");
		}
	}

	@Test
	void anAdminMayBulkImport() throws Exception {
		try (GrpcClients operator = new GrpcClients(this.grpcPort,
				TestCredentials.token("ops", TestCredentials.ADMIN))) {
			assertThat(importOne(operator).getCode()).isEqualTo(Status.Code.OK);
		}
	}

	private static Status importOne(GrpcClients clients) throws Exception {
		StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
		StreamObserver<ImportUsersRequest> items = clients.usersAsync()
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.importUsers(response);
		items.onNext(ImportUsersRequest.newBuilder().setEmail(uniqueEmail()).setDisplayName("Imported").build());
		items.onCompleted();
		return response.awaitClose();
	}

	private static GetUserRequest anyId() {
		return GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build();
	}

	/** The token with its claims replaced and its signature kept: a forgery. */
	private static String withClaims(String token, String claims) {
		String[] parts = token.split("\\.");
		return parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
				+ parts[2];
	}

}
