package com.acme.userservice.platform.health;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.acme.testsupport.credentials.TestCredentials;
import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.testsupport.postgres.PostgresServer;
import com.acme.testsupport.postgres.SharedPostgres;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.ListUsersResponse;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.TestApplication;
import com.acme.userservice.support.TestUsers;
import com.acme.userservice.user.UserStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.client.interceptor.security.BearerTokenAuthenticationInterceptor;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.acme.userservice.support.StatusAssertions.callFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutdown in the order a load balancer needs: health says NOT_SERVING first while calls
 * are still served (for the drain delay), then new calls are refused, calls in flight
 * finish, and the process does not wait out the grace period for health Watch streams
 * that would never end.
 */
class ShutdownHealthTests {

	private static final Duration GRACE_PERIOD = Duration.ofSeconds(30);

	/**
	 * Long enough for a poller on a new connection to see NOT_SERVING on a busy machine.
	 */
	private static final Duration DRAIN_DELAY = Duration.ofSeconds(10);

	private ConfigurableApplicationContext application;

	private ManagedChannel channel;

	@AfterEach
	void cleanUp() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void healthTurnsNotServingFirstThenCallsInFlightDrainAndTheServerStops() throws Exception {
		this.application = start();
		int port = TestApplication.grpcPort(this.application);
		new TestUsers(this.application.getBean(JdbcTemplate.class)).insert(20_000, UserStatus.ACTIVE);
		int stored = this.application.getBean(JdbcTemplate.class)
			.queryForObject("SELECT count(*) FROM users", Integer.class);
		// A small fixed flow-control window: the server can only send ~64 KiB ahead of
		// this reader, so the ListUsers call below stays in flight until the test reads
		// it.
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
			.usePlaintext()
			.flowControlWindow(65_535)
			.intercept(new BearerTokenAuthenticationInterceptor(TestCredentials.token("test", TestCredentials.ADMIN)))
			.build();

		StreamRecorder<HealthCheckResponse> watch = new StreamRecorder<>();
		HealthGrpc.newStub(this.channel)
			.watch(HealthCheckRequest.newBuilder().setService("acme.user.v1.UserService").build(), watch);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> watch.lastMessage() != null && watch.lastMessage().getStatus() == ServingStatus.SERVING);
		Iterator<ListUsersResponse> inFlight = UserServiceGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(60, TimeUnit.SECONDS)
			.listUsers(ListUsersRequest.getDefaultInstance());
		inFlight.next();
		Gauge serving = this.application.getBean(MeterRegistry.class)
			.get("grpc.server.health.serving")
			.tag("service", "acme.user.v1.UserService")
			.gauge();
		assertThat(serving.value()).isEqualTo(1.0);

		long closeStarted = System.nanoTime();
		CompletableFuture<Void> closed = CompletableFuture.runAsync(this.application::close);

		// 1. Health goes NOT_SERVING while the server still answers, for pollers to
		// notice.
		await().atMost(DRAIN_DELAY).until(() -> watch.lastMessage().getStatus() == ServingStatus.NOT_SERVING);
		try (GrpcClients poller = new GrpcClients(port)) {
			assertThat(HealthGrpc.newBlockingStub(poller.channel())
				.check(HealthCheckRequest.newBuilder().setService("acme.user.v1.UserService").build())
				.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
		}
		assertThat(serving.value()).isZero();
		// 2. After the delay the Watch stream is ended, so it cannot hold the drain open
		// ...
		Status watchEnd = watch.awaitClose();
		List<ServingStatus> seen = watch.messages().stream().map(HealthCheckResponse::getStatus).toList();
		assertThat(seen).endsWith(ServingStatus.NOT_SERVING);
		assertThat(watchEnd.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		// ... and new calls are refused while the call in flight is still open.
		try (GrpcClients newClient = new GrpcClients(port)) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> callFails(() -> newClient.users().getUser(GetUserRequest.getDefaultInstance())).getStatus()
					.getCode() == Status.Code.UNAVAILABLE);
		}
		assertThat(closed).isNotDone();
		// 3. The call in flight drains completely.
		int received = 1;
		while (inFlight.hasNext()) {
			inFlight.next();
			received++;
		}
		assertThat(received).isEqualTo(stored);
		// 4. The server stops as soon as nothing is in flight, well inside the grace
		// period.
		closed.get(GRACE_PERIOD.toSeconds(), TimeUnit.SECONDS);
		// Before the grace period: the server did not wait it out (that would take at
		// least all of it).
		assertThat(Duration.ofNanos(System.nanoTime() - closeStarted)).isLessThan(GRACE_PERIOD);
		this.application = null;
	}

	private static ConfigurableApplicationContext start() throws SQLException {
		// A database of its own: the 20 000 users it streams would slow every later test
		// that lists users.
		PostgresServer postgres = SharedPostgres.server();
		postgres.createDatabase("shutdown_health");
		Map<String, Object> settings = new HashMap<>(SharedPostgres.datasourceProperties(postgres));
		settings.put("spring.datasource.url", postgres.jdbcUrl("shutdown_health"));
		settings.put("spring.grpc.server.shutdown.grace-period", GRACE_PERIOD.toSeconds() + "s");
		settings.put("acme.grpc.server.health.drain-delay", DRAIN_DELAY.toSeconds() + "s");
		return TestApplication.start(settings);
	}

}
