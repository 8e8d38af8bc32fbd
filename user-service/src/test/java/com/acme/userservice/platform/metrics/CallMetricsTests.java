package com.acme.userservice.platform.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.testsupport.metrics.PrometheusScrape;
import com.acme.testsupport.process.Command;
import com.acme.testsupport.tools.ExternalTool;
import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.acme.userservice.support.TestUsers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * What Prometheus sees at {@code /actuator/prometheus} after real calls over the network.
 */
@UserServiceIntegrationTest
class CallMetricsTests {

	private static final String CALLS = "grpc_server_seconds_count";

	@LocalServerPort
	int httpPort;

	@Autowired
	GrpcClients clients;

	@Test
	void countsCallsPerMethodAndStatusWithLatencyHistogramBuckets() {
		double okBefore = scrape().sum(CALLS, method("CreateUser", "OK"));
		double notFoundBefore = scrape().sum(CALLS, method("GetUser", "NOT_FOUND"));

		this.clients.users()
			.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setDisplayName("Metered").build());
		catchThrowable(() -> this.clients.users()
			.getUser(GetUserRequest.newBuilder().setId("00000000-0000-0000-0000-000000000000").build()));

		PrometheusScrape after = scrape();
		assertThat(after.sum(CALLS, method("CreateUser", "OK"))).isEqualTo(okBefore + 1);
		assertThat(after.sum(CALLS, method("GetUser", "NOT_FOUND"))).isEqualTo(notFoundBefore + 1);
		assertThat(after.samples("grpc_server_seconds_bucket", method("GetUser", "NOT_FOUND"))).hasSizeGreaterThan(10)
			.anyMatch((line) -> line.contains("le=\"+Inf\""));
		assertThat(after.samples("grpc_server_seconds_bucket", Map.of("rpc_type", "UNARY"))).isNotEmpty();
	}

	@Test
	void aCallWhoseDeadlinePassedIsCountedAsDeadlineExceeded() {
		double before = scrape().sum(CALLS, method("ValidateUsers", "DEADLINE_EXCEEDED"));

		warmUpConnection();

		// An open stream that never sends anything: the server is mid-call when the
		// deadline passes.
		StreamRecorder<ValidateUsersResponse> answers = new StreamRecorder<>();
		this.clients.usersAsync().withDeadlineAfter(500, TimeUnit.MILLISECONDS).validateUsers(answers);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> scrape().sum(CALLS, method("ValidateUsers", "DEADLINE_EXCEEDED")) == before + 1);
		assertThat(answers.isClosed()).isTrue();
	}

	@Test
	void aCallTheClientCancelledIsCountedAsCancelled() {
		double before = scrape().sum(CALLS, method("ValidateUsers", "CANCELLED"));
		StreamRecorder<ValidateUsersResponse> answers = new StreamRecorder<>();
		StreamObserver<ValidateUsersRequest> requests = this.clients.usersAsync().validateUsers(answers);
		requests.onNext(ValidateUsersRequest.newBuilder().setUserId("x").build());
		answers.awaitMessage(1);

		((ClientCallStreamObserver<ValidateUsersRequest>) requests).cancel("test cancels", null);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> scrape().sum(CALLS, method("ValidateUsers", "CANCELLED")) == before + 1);
	}

	@Test
	void showsCallsInFlightAndStreamMessages() throws Exception {
		Map<String, String> validate = Map.of("rpc_method", "ValidateUsers");
		double receivedBefore = scrape().sum("grpc_server_received_total", validate);
		double sentBefore = scrape().sum("grpc_server_sent_total", validate);
		StreamRecorder<ValidateUsersResponse> answers = new StreamRecorder<>();
		StreamObserver<ValidateUsersRequest> requests = this.clients.usersAsync().validateUsers(answers);
		for (int i = 0; i < 5; i++) {
			requests.onNext(ValidateUsersRequest.newBuilder().setUserId("id-" + i).build());
		}
		answers.awaitMessage(5);

		assertThat(scrape().sum("grpc_server_active_seconds_count", validate)).isEqualTo(1);
		requests.onCompleted();
		assertThat(answers.awaitClose().getCode()).isEqualTo(Status.Code.OK);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> scrape().sum("grpc_server_active_seconds_count", validate) == 0);
		PrometheusScrape after = scrape();
		assertThat(after.sum("grpc_server_received_total", validate)).isEqualTo(receivedBefore + 5);
		assertThat(after.sum("grpc_server_sent_total", validate)).isEqualTo(sentBefore + 5);
	}

	@Test
	void theExpositionPassesPromtool() throws Exception {
		this.clients.users()
			.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setDisplayName("Linted").build());
		String exposition = scrape().text();

		Command.Result promtool = Command.run("promtool",
				List.of(ExternalTool.require("promtool").toString(), "check", "metrics"), Path.of("."), Map.of(),
				exposition, Duration.ofSeconds(60));

		assertThat(promtool.succeeded()).as(promtool::describe).isTrue();
	}

	/**
	 * A first call opens the connection, so the deadline under test is not shortened on
	 * the client by connection setup (see CallOutcomeInterceptor on how the two deadlines
	 * differ).
	 */
	private void warmUpConnection() {
		catchThrowable(() -> this.clients.users().getUser(GetUserRequest.getDefaultInstance()));
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.of(this.httpPort);
	}

	private static Map<String, String> method(String method, String status) {
		return Map.of("rpc_service", "acme.user.v1.UserService", "rpc_method", method, "grpc_status_code", status);
	}

}
