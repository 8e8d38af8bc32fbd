package com.acme.stack.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.acme.stack.support.Http;
import com.acme.stack.support.ServicePair;
import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.user.v1.UserServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Both services as real processes in the {@code tls} profile, with keys and certificates
 * from {@code scripts/gen-credentials} and operator tokens from
 * {@code scripts/service-token}: gRPC between them is mutual TLS, and user-service still
 * asks every caller for its service token.
 */
class MutualTlsStackTests {

	@TempDir
	static Path work;

	private static ScriptCredentials credentials;

	private static ServicePair services;

	private static int userGrpc;

	private static int orderHttp;

	@BeforeAll
	static void startBothServicesWithMutualTls() throws Exception {
		credentials = ScriptCredentials.generate(work.resolve("credentials"));
		services = ServicePair.in(work, credentials)
			.userService(Map.of(), "--spring.profiles.active=tls", "--acme.data-dir=" + work)
			.orderService(Map.of(), "--spring.profiles.active=tls", "--acme.data-dir=" + work)
			.orderServiceTarget((port) -> "static://127.0.0.1:" + port)
			.start();
		userGrpc = services.userGrpcPort();
		orderHttp = services.orderHttpPort();
	}

	@AfterAll
	static void stop() {
		if (services != null) {
			services.close();
		}
	}

	@Test
	void orderServiceReachesUserServiceOverMutualTlsWithItsToken() {
		HttpResponse<String> created = Http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orderHttp + "/api/users"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + SharedAuthServer.operatorToken())
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"email\":\"tls-" + UUID.randomUUID() + "@example.com\",\"displayName\":\"Over TLS\"}")));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	@Test
	void clientsWithoutACertificateOfOurCaCannotConnect() throws Exception {
		ScriptCredentials strangers = ScriptCredentials.generate(work.resolve("other-ca"));

		assertThat(getUserStatus(InsecureChannelCredentials.create(), null)).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(getUserStatus(tls(credentials, null), null)).isEqualTo(Status.Code.UNAVAILABLE);
		// A certificate from another CA: the server refuses the client...
		assertThat(getUserStatus(tls(credentials, strangers), null)).isEqualTo(Status.Code.UNAVAILABLE);
		// ...and a client that trusts another CA refuses the server.
		assertThat(getUserStatus(tls(strangers, strangers), null)).isEqualTo(Status.Code.UNAVAILABLE);
	}

	@Test
	void aCertificateIsNotEnoughWithoutAServiceTokenButHealthIsOpen() throws Exception {
		ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", userGrpc, tls(credentials, credentials))
			.build();
		try {
			assertThat(HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.check(HealthCheckRequest.getDefaultInstance())
				.getStatus()).isEqualTo(ServingStatus.SERVING);
		}
		finally {
			channel.shutdownNow();
		}
		assertThat(getUserStatus(tls(credentials, credentials), null)).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(getUserStatus(tls(credentials, credentials), credentials.token("ops", "SERVICE")))
			.isEqualTo(Status.Code.NOT_FOUND);
	}

	@Test
	void onlyAnAdminTokenMayImportUsers() throws Exception {
		assertThat(importOne(credentials.token("ops", "SERVICE"))).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(importOne(credentials.token("ops", "ADMIN"))).isEqualTo(Status.Code.OK);
	}

	private static Status.Code importOne(String token) throws Exception {
		ManagedChannel channel = channel(tls(credentials, credentials), token);
		try {
			StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
			StreamObserver<ImportUsersRequest> items = UserServiceGrpc.newStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.importUsers(response);
			items.onNext(ImportUsersRequest.newBuilder()
				.setEmail("imported-" + UUID.randomUUID() + "@example.com")
				.setDisplayName("Imported")
				.build());
			items.onCompleted();
			return response.awaitClose().getCode();
		}
		finally {
			channel.shutdownNow();
		}
	}

	/**
	 * How a GetUser for an unknown id ends: NOT_FOUND whenever the call gets through at
	 * all.
	 */
	private static Status.Code getUserStatus(ChannelCredentials transport, String token) {
		ManagedChannel channel = channel(transport, token);
		try {
			StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
					() -> UserServiceGrpc.newBlockingStub(channel)
						.withDeadlineAfter(10, TimeUnit.SECONDS)
						.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
			assertThat(failure).as("the call failed").isNotNull();
			return failure.getStatus().getCode();
		}
		finally {
			channel.shutdownNow();
		}
	}

	private static ManagedChannel channel(ChannelCredentials transport, String token) {
		var builder = Grpc.newChannelBuilderForAddress("127.0.0.1", userGrpc, transport);
		if (token != null) {
			builder.intercept(ScriptCredentials.bearer(token));
		}
		return builder.build();
	}

	/**
	 * TLS trusting {@code trusted}'s CA, presenting {@code identity}'s operator
	 * certificate (none if null).
	 */
	private static ChannelCredentials tls(ScriptCredentials trusted, ScriptCredentials identity) throws Exception {
		TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder()
			.trustManager(trusted.file("ca.crt").toFile());
		if (identity != null) {
			tls.keyManager(identity.file("operator.crt").toFile(), identity.file("operator.key").toFile());
		}
		return tls.build();
	}

}
