package com.acme.userservice.platform.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.testsupport.postgres.PostgresServer;
import com.acme.testsupport.postgres.SharedPostgres;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import com.acme.userservice.support.GrpcClients;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.acme.userservice.support.StatusAssertions.callFails;
import static com.acme.userservice.support.StatusAssertions.detail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away and comes back while the service keeps running: health follows
 * it, calls fail fast with UNAVAILABLE meanwhile, and the service recovers by itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.jdbc.template.query-timeout=1s")
@DirtiesContext
class DatabaseOutageTests {

	private static final PostgresServer postgres = PostgresServer.start();

	private static final Duration HEALTH_FOLLOWS_WITHIN = Duration.ofSeconds(15);

	@LocalGrpcServerPort
	int grpcPort;

	@LocalServerPort
	int httpPort;

	@Autowired
	MeterRegistry meterRegistry;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SharedPostgres.datasourceProperties(postgres).forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stopDatabase() {
		postgres.close();
	}

	@Test
	void healthAndCallsFollowTheDatabaseDownAndBackUp() throws Exception {
		try (GrpcClients clients = new GrpcClients(this.grpcPort)) {
			StreamRecorder<HealthCheckResponse> watch = new StreamRecorder<>();
			HealthGrpc.newStub(clients.channel())
				.watch(HealthCheckRequest.newBuilder().setService("acme.user.v1.UserService").build(), watch);
			await().atMost(HEALTH_FOLLOWS_WITHIN).until(() -> lastStatus(watch) == ServingStatus.SERVING);
			assertThat(servingGauge()).isEqualTo(1.0);

			postgres.stop();
			try {
				await().atMost(HEALTH_FOLLOWS_WITHIN).until(() -> lastStatus(watch) == ServingStatus.NOT_SERVING);
				// The gauge Prometheus alerts on says what gRPC health says (both come
				// from one update).
				await().atMost(HEALTH_FOLLOWS_WITHIN).until(() -> servingGauge() == 0.0);
				StatusRuntimeException failure = callFails(() -> clients.users().getUser(randomId()));
				assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
				assertThat(failure.getStatus().getDescription()).doesNotContain("jdbc", "SQL", "Exception");
				assertThat(detail(failure, ErrorInfo.class).getReason()).isEqualTo("DATABASE_UNAVAILABLE");
				assertThat(detail(failure, RetryInfo.class).getRetryDelay().getSeconds()).isPositive();
				StreamRecorder<ImportUsersResponse> importResponse = new StreamRecorder<>();
				StreamObserver<ImportUsersRequest> items = clients.usersAsync().importUsers(importResponse);
				items.onNext(ImportUsersRequest.newBuilder()
					.setEmail("outage@example.com")
					.setDisplayName("Outage")
					.build());
				items.onCompleted();
				Status importStatus = importResponse.awaitClose();
				assertThat(importStatus.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
				assertThat(detail(importStatus.asRuntimeException(importResponse.trailers()), ErrorInfo.class)
					.getMetadataMap()).containsEntry("created_count", "0").containsEntry("failed_index", "0");
				// ValidateUsers reads the database off gRPC's callbacks (one read per
				// batch of ids); its failure is mapped the same way, not left as UNKNOWN.
				StreamRecorder<ValidateUsersResponse> validated = new StreamRecorder<>();
				StreamObserver<ValidateUsersRequest> ids = clients.usersAsync().validateUsers(validated);
				ids.onNext(ValidateUsersRequest.newBuilder().setUserId(randomId().getId()).build());
				ids.onCompleted();
				Status validateStatus = validated.awaitClose();
				assertThat(validateStatus.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
				assertThat(detail(validateStatus.asRuntimeException(validated.trailers()), ErrorInfo.class).getReason())
					.isEqualTo("DATABASE_UNAVAILABLE");
				assertThat(httpStatus("/actuator/health/readiness")).isEqualTo(503);
				assertThat(httpStatus("/actuator/health/liveness")).isEqualTo(200);
			}
			finally {
				// Whatever failed above, the next test finds the database running.
				postgres.startAgain();
			}

			await().atMost(HEALTH_FOLLOWS_WITHIN).until(() -> lastStatus(watch) == ServingStatus.SERVING);
			await().atMost(HEALTH_FOLLOWS_WITHIN).until(() -> servingGauge() == 1.0);
			assertThat(callFails(() -> clients.users().getUser(randomId())).getStatus().getCode())
				.isEqualTo(Status.Code.NOT_FOUND);
			assertThat(httpStatus("/actuator/health/readiness")).isEqualTo(200);
			assertThat(watch.messages()).extracting(HealthCheckResponse::getStatus)
				.containsSubsequence(List.of(ServingStatus.SERVING, ServingStatus.NOT_SERVING, ServingStatus.SERVING));
		}
	}

	@Test
	void aQueryTheDatabaseDoesNotAnswerIsCutOffAndAnsweredUnavailable() throws Exception {
		try (GrpcClients clients = new GrpcClients(this.grpcPort);
				Connection blocker = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "")) {
			blocker.setAutoCommit(false);
			blocker.createStatement().execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");

			long started = System.nanoTime();
			StatusRuntimeException failure = callFails(() -> clients.users().getUser(randomId()));
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			blocker.rollback();

			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			// UNAVAILABLE, not DEADLINE_EXCEEDED: the statement's 1 s timeout (test
			// context) cut it, not the client's own 10 s deadline.
			assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(900));
			assertThat(callFails(() -> clients.users().getUser(randomId())).getStatus().getCode())
				.isEqualTo(Status.Code.NOT_FOUND);
		}
	}

	private double servingGauge() {
		return this.meterRegistry.get("grpc.server.health.serving")
			.tag("service", "acme.user.v1.UserService")
			.gauge()
			.value();
	}

	private static ServingStatus lastStatus(StreamRecorder<HealthCheckResponse> watch) {
		HealthCheckResponse last = watch.lastMessage();
		return (last != null) ? last.getStatus() : null;
	}

	private static GetUserRequest randomId() {
		return GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build();
	}

	private int httpStatus(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
