package com.acme.stack.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.acme.stack.reliability.RestClient.Answer;
import com.acme.stack.support.Http;
import com.acme.stack.support.ServicePair;
import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.testsupport.metrics.PrometheusScrape;
import com.acme.testsupport.postgres.PostgresServer;
import com.acme.testsupport.postgres.SharedPostgres;
import com.acme.testsupport.process.ServiceProcess;
import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults a production pair meets, done to real processes: both services run from their
 * jars on real ports, user-service on a PostgreSQL server of its own (so that it can be
 * stopped), order-service on another. Every test leaves both services running and healthy
 * for the next.
 *
 * <p>
 * Keepalive is shortened for the frozen-process test: its client pings after 10 s without
 * reads (grpc-java's minimum) and allows 1 s for the answer, and user-service permits
 * pings every 5 s. order-service's production values (30 s and 5 s) work the same way,
 * only slower.
 */
class ServiceFaultTests {

	/**
	 * user-service's spring.grpc.server.shutdown.grace-period, plus the JVM's own exit.
	 */
	private static final Duration GRACE = Duration.ofSeconds(25);

	@TempDir
	static Path work;

	private static ScriptCredentials credentials;

	private static PostgresServer usersDatabase;

	private static PostgresServer ordersDatabase;

	private static ServicePair services;

	private static ServiceProcess userService;

	private static ServiceProcess orderService;

	private static int userGrpc;

	private static int userHttp;

	private static int orderHttp;

	private static RestClient rest;

	private static String buyer;

	@BeforeAll
	static void startTheStack() throws Exception {
		credentials = ScriptCredentials.generate(work.resolve("credentials"));
		usersDatabase = PostgresServer.start();
		usersDatabase.createDatabase("fault_users");
		ordersDatabase = SharedPostgres.server();
		ordersDatabase.createDatabase("fault_orders");
		services = ServicePair.in(work, credentials)
			.userService(usersDatabase.environment("fault_users"), "--spring.profiles.active=postgres",
					"--spring.grpc.server.keepalive.permit.time=5s", "--acme.users.import-max-items=1000")
			.orderService(ordersDatabase.environment("fault_orders"), "--spring.profiles.active=postgres")
			.start();
		userService = services.userService();
		orderService = services.orderService();
		userGrpc = services.userGrpcPort();
		userHttp = services.userHttpPort();
		orderHttp = services.orderHttpPort();
		rest = new RestClient(orderHttp);
		Answer created = rest.post("/api/users",
				"{\"email\":\"buyer-" + UUID.randomUUID() + "@example.com\",\"displayName\":\"Faulty Buyer\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		buyer = created.json().get("id").asString();
	}

	/** Whatever a test did, the next one starts with both services running. */
	@AfterEach
	void bothServicesRunning() throws Exception {
		if (!userService.isAlive()) {
			services.restart(userService);
		}
		if (!orderService.isAlive()) {
			services.restart(orderService);
		}
		awaitBuyerReadable();
	}

	@AfterAll
	static void stopTheStack() {
		for (AutoCloseable running : new AutoCloseable[] { services, usersDatabase }) {
			try {
				if (running != null) {
					running.close();
				}
			}
			catch (Exception ex) {
				// Best effort: the next one must still be stopped.
			}
		}
	}

	@Test
	void userServiceDownIsAFast503AndOrderServiceRecoversWhenItIsBack() throws Exception {
		assertThat(userService.terminate(GRACE)).as("user-service stopped on SIGTERM").isNotNull();

		List<Answer> answers = concurrently(8, () -> rest.get("/api/users/" + buyer));
		// A 503, not a 504: the call failed before GetUser's 2 s deadline, retries
		// included, instead of waiting for it. (How fast, in milliseconds, is for the
		// benchmark, not for a timed test.)
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).as(answer.toString()).isEqualTo(503));
		// No request thread is left waiting on a dead user-service (the scrape itself is
		// the one).
		assertThat(PrometheusScrape.of(services.orderManagementPort())
			.sum("http_server_requests_active_seconds_count", Map.of())).isLessThanOrEqualTo(1);

	}

	@Test
	void aFrozenUserServiceFailsCallsAtTheirDeadlineKeepaliveDropsItsConnectionAndItResumes() throws Exception {
		awaitBuyerReadable();
		ManagedChannel keepalive = operatorChannel(NettyChannelBuilder.forAddress("127.0.0.1", userGrpc)
			.keepAliveTime(10, TimeUnit.SECONDS)
			.keepAliveTimeout(1, TimeUnit.SECONDS));
		try {
			// A stream that stays open without traffic: only keepalive can tell that its
			// peer is gone.
			StreamRecorder<ValidateUsersResponse> open = new StreamRecorder<>();
			StreamObserver<ValidateUsersRequest> requests = UserServiceGrpc.newStub(keepalive)
				.withDeadlineAfter(60, TimeUnit.SECONDS)
				.validateUsers(open);
			requests.onNext(ValidateUsersRequest.newBuilder().setUserId(buyer).build());
			open.awaitMessage(1);

			userService.signal("STOP");
			long frozen = System.nanoTime();
			Status dropped;
			Answer atDeadline;
			try {
				atDeadline = rest.get("/api/users/" + buyer, "X-Request-Timeout", "1s");
				dropped = open.awaitClose(Duration.ofSeconds(30));
			}
			finally {
				userService.signal("CONT");
			}

			// Ended by its 1 s budget, not left hanging (DeadlineTests shows the budget
			// is the call's deadline).
			assertThat(atDeadline.status()).as(atDeadline.toString()).isEqualTo(504);
			assertThat(atDeadline.took()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
			assertThat(dropped.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(dropped.getDescription()).contains("Keepalive failed");
			// 10 s without a read, then 1 s for the ping's answer: keepalive, not the
			// stream's 60 s deadline, ended it (the bound leaves room for a slow machine
			// between the two).
			assertThat(Duration.ofNanos(System.nanoTime() - frozen)).isLessThan(Duration.ofSeconds(45));
		}
		finally {
			keepalive.shutdownNow();
		}
		awaitBuyerReadable();
	}

	@Test
	void databaseDownIsNotServingAndA503ThenEverythingComesBack() throws Exception {
		usersDatabase.stop();
		try {
			await("user-service readiness DOWN").atMost(Duration.ofSeconds(30))
				.until(() -> Http.status(userActuator("/actuator/health/readiness")) == 503);
			await("gRPC health NOT_SERVING").atMost(Duration.ofSeconds(30))
				.until(() -> grpcHealth() == ServingStatus.NOT_SERVING);
			// order-service hears it through its health Watch and stops sending calls
			// there.
			await("a fast 503 from order-service").atMost(Duration.ofSeconds(30)).until(() -> {
				Answer answer = rest.get("/api/users/" + buyer);
				return answer.status() == 503 && answer.took().compareTo(Duration.ofSeconds(1)) < 0;
			});
		}
		finally {
			usersDatabase.startAgain();
		}
		await("user-service readiness UP").atMost(Duration.ofSeconds(60))
			.until(() -> Http.status(userActuator("/actuator/health/readiness")) == 200);
		await("gRPC health SERVING").atMost(Duration.ofSeconds(30)).until(() -> grpcHealth() == ServingStatus.SERVING);
		awaitBuyerReadable();
	}

	@Test
	void sigtermUnderLoadDrainsCallsInFlightAndNewCallsFailFast() throws Exception {
		List<String> buyers = importUsers(1000);
		String bulk = bulkOrders(buyers);
		List<Answer> steady;
		ExecutorService clients = Executors.newFixedThreadPool(2);
		try (SteadyLoad load = SteadyLoad.start(4, () -> rest.get("/api/users/" + buyer))) {
			// Two bulk imports, each validating 1000 buyers over one ValidateUsers
			// stream.
			List<Future<Answer>> imports = List.of(
					clients.submit(() -> rest.post("/api/orders/import", bulk, "X-Request-Timeout", "30s")),
					clients.submit(() -> rest.post("/api/orders/import", bulk, "X-Request-Timeout", "30s")));
			await("ValidateUsers in flight in user-service").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> PrometheusScrape.of(userHttp)
					.sum("grpc_server_active_seconds_count", Map.of("rpc_method", "ValidateUsers")) > 0);

			Duration exit = userService.terminate(GRACE);

			assertThat(exit).as("user-service exited within its grace period").isNotNull();
			for (Future<Answer> running : imports) {
				Answer imported = running.get(60, TimeUnit.SECONDS);
				assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
				assertThat(imported.json().get("accepted").size()).as(imported.toString()).isEqualTo(1000);
			}
			steady = load.stop();
		}
		finally {
			clients.shutdownNow();
		}
		// Every steady request either succeeded or, once user-service was going, failed
		// fast: a 503 comes before GetUser's 2 s deadline, where waiting for user-service
		// would be a 504.
		assertThat(steady).isNotEmpty()
			.allSatisfy((answer) -> assertThat(answer.status()).as(answer.toString()).isIn(200, 503));
		assertThat(steady).extracting(Answer::status).contains(200, 503);
	}

	private static List<String> importUsers(int count) throws Exception {
		ManagedChannel channel = operatorChannel();
		try {
			StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
			StreamObserver<ImportUsersRequest> items = UserServiceGrpc.newStub(channel)
				.withDeadlineAfter(60, TimeUnit.SECONDS)
				.importUsers(response);
			String batch = UUID.randomUUID().toString();
			for (int i = 0; i < count; i++) {
				items.onNext(ImportUsersRequest.newBuilder()
					.setEmail("bulk-" + i + "-" + batch + "@example.com")
					.setDisplayName("Bulk " + i)
					.build());
			}
			items.onCompleted();
			assertThat(response.awaitClose().getCode()).isEqualTo(Status.Code.OK);
			assertThat(response.lastMessage().getCreatedCount()).isEqualTo(count);
			List<String> ids = new ArrayList<>();
			try (Connection users = DriverManager.getConnection(usersDatabase.jdbcUrl("fault_users"),
					usersDatabase.username(), "");
					PreparedStatement query = users.prepareStatement("SELECT id FROM users WHERE email LIKE ?")) {
				query.setString(1, "%-" + batch + "@example.com");
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						ids.add(rows.getString(1));
					}
				}
			}
			return ids;
		}
		finally {
			channel.shutdownNow();
		}
	}

	private static String bulkOrders(List<String> buyers) {
		StringBuilder json = new StringBuilder("[");
		for (String id : buyers) {
			json.append(json.length() > 1 ? "," : "")
				.append("{\"userId\":\"")
				.append(id)
				.append("\",\"lines\":[{\"sku\":\"BULK\",\"quantity\":1,\"unitPriceCents\":100}]}");
		}
		return json.append(']').toString();
	}

	private static ManagedChannel operatorChannel() throws Exception {
		return operatorChannel(NettyChannelBuilder.forAddress("127.0.0.1", userGrpc));
	}

	private static ManagedChannel operatorChannel(NettyChannelBuilder channel) throws Exception {
		return channel.usePlaintext()
			.intercept(ScriptCredentials.bearer(credentials.token("fault-tests", "ADMIN")))
			.build();
	}

	private static ServingStatus grpcHealth() {
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", userGrpc).usePlaintext().build();
		try {
			return HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(2, TimeUnit.SECONDS)
				.check(HealthCheckRequest.newBuilder().setService(UserServiceGrpc.SERVICE_NAME).build())
				.getStatus();
		}
		catch (RuntimeException ex) {
			return ServingStatus.UNKNOWN;
		}
		finally {
			channel.shutdownNow();
		}
	}

	private static void awaitBuyerReadable() {
		await("order-service reads the buyer through user-service").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> rest.get("/api/users/" + buyer).status() == 200);
	}

	private static List<Answer> concurrently(int count, Callable<Answer> call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			List<Future<Answer>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(pool.submit(call));
			}
			List<Answer> answers = new ArrayList<>();
			for (Future<Answer> future : futures) {
				answers.add(future.get(30, TimeUnit.SECONDS));
			}
			return answers;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static String userActuator(String path) {
		return "http://127.0.0.1:" + userHttp + path;
	}

}
