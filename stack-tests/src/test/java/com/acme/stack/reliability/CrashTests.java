package com.acme.stack.reliability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.acme.order.v1.OrderServiceGrpc;
import com.acme.testsupport.auth.BearerCredentials;
import com.acme.stack.reliability.Acknowledged.Channel;
import com.acme.stack.reliability.Acknowledged.OrderRequest;
import com.acme.stack.reliability.Acknowledged.PlacedOrder;
import com.acme.stack.reliability.RestClient.Answer;
import com.acme.stack.support.ServicePair;
import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.postgres.PostgresServer;
import com.acme.testsupport.postgres.SharedPostgres;
import com.acme.testsupport.process.ServiceProcess;
import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.UserServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An acknowledgement is a promise: a write answered with 201 or a gRPC OK is still there
 * after the process that answered it is killed. Both services run from their jars, once
 * on their embedded databases (the default) and once in the {@code postgres} profile.
 * Clients write through every path ({@link WriteLoad}: REST and gRPC users, ImportUsers,
 * REST and gRPC orders with idempotency keys, retried until answered) while user-service,
 * order-service, then both are killed with SIGKILL at whatever point the load has
 * reached, and started again, and finally both are restarted the planned way (SIGTERM).
 * Then every acknowledged user is readable, every idempotency key has exactly one order,
 * and sending an acknowledged order again with its key returns the order acknowledged
 * before the crash.
 */
class CrashTests {

	/**
	 * Writes acknowledged over every path between two kills, at least: each path works
	 * again after the last restart, so calls of every kind are in flight when the next
	 * kill comes.
	 */
	private static final int WRITES_PER_PATH = 5;

	/** A hang detector for progress under load, which includes restarts. */
	private static final Duration PROGRESS = Duration.ofMinutes(3);

	private static final int BUYERS = 4;

	@TempDir
	Path work;

	@Test
	void acknowledgedWritesSurviveKillsOnTheEmbeddedDatabases() throws Exception {
		String dataDir = "--acme.data-dir=" + this.work;
		ScriptCredentials credentials = ScriptCredentials.generate(this.work.resolve("credentials"));
		killAndCheck(credentials,
				ServicePair.in(this.work, credentials).userService(Map.of(), dataDir).orderService(Map.of(), dataDir));
	}

	@Test
	void acknowledgedWritesSurviveKillsOnPostgres() throws Exception {
		PostgresServer postgres = SharedPostgres.server();
		postgres.createDatabase("crash_users");
		postgres.createDatabase("crash_orders");
		ScriptCredentials credentials = ScriptCredentials.generate(this.work.resolve("credentials"));
		killAndCheck(credentials,
				ServicePair.in(this.work, credentials)
					.userService(postgres.environment("crash_users"), "--spring.profiles.active=postgres")
					.orderService(postgres.environment("crash_orders"), "--spring.profiles.active=postgres"));
	}

	private static void killAndCheck(ScriptCredentials credentials, ServicePair.Builder stack) throws Exception {
		Acknowledged acknowledged = new Acknowledged();
		try (ServicePair services = stack.start();
				Clients clients = new Clients(services, credentials.token("crash-tests", "ADMIN"))) {
			List<String> buyers = createBuyers(clients.rest, acknowledged);
			try (WriteLoad load = new WriteLoad(clients.rest, clients.userService, clients.orderService, buyers,
					acknowledged)) {
				for (Fault fault : Fault.values()) {
					load.awaitMoreOnEveryPath(
							WRITES_PER_PATH + ThreadLocalRandom.current().nextInt(2 * WRITES_PER_PATH), PROGRESS);
					fault.strikeAndRestart(services, acknowledged);
				}
				load.awaitMoreOnEveryPath(WRITES_PER_PATH, PROGRESS);
				load.stop();
			}
			System.out.println("Acknowledged: " + acknowledged.summary());
			assertThat(acknowledged.unexpected).as("answers a crash does not explain").isEmpty();

			retryUnansweredOrders(clients, acknowledged);
			assertEveryAcknowledgedUserIsStored(clients, acknowledged);
			assertEveryKeyHasExactlyItsAcknowledgedOrder(clients, buyers, acknowledged);
			assertRetriesReturnTheAcknowledgedOrder(clients, acknowledged);
		}
	}

	private static List<String> createBuyers(RestClient rest, Acknowledged acknowledged) {
		List<String> buyers = new ArrayList<>();
		for (int i = 0; i < BUYERS; i++) {
			String email = "crash-buyer-" + UUID.randomUUID() + "@example.com";
			Answer created = rest.post("/api/users", "{\"email\":\"" + email + "\",\"displayName\":\"Buyer\"}");
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			buyers.add(created.json().get("id").asString());
			acknowledged.user(Acknowledged.Path.USER_OVER_REST, buyers.get(i), email);
		}
		return buyers;
	}

	/**
	 * Orders whose answer was lost in a crash are sent again with their key until
	 * answered.
	 */
	private static void retryUnansweredOrders(Clients clients, Acknowledged acknowledged) {
		for (OrderRequest request : List.copyOf(acknowledged.unanswered.values())) {
			await("an answer for " + request.key()).atMost(PROGRESS).pollInterval(Duration.ofMillis(100)).until(() -> {
				String orderId = clients.place(request);
				if (orderId != null) {
					acknowledged.order(request, orderId);
				}
				return orderId != null;
			});
		}
		assertThat(acknowledged.unanswered).isEmpty();
	}

	private static void assertEveryAcknowledgedUserIsStored(Clients clients, Acknowledged acknowledged) {
		Map<String, String> stored = new HashMap<>();
		UserServiceGrpc.newBlockingStub(clients.userService)
			.withWaitForReady()
			.withDeadlineAfter(60, TimeUnit.SECONDS)
			.listUsers(ListUsersRequest.getDefaultInstance())
			.forEachRemaining((user) -> stored.put(user.getUser().getEmail(), user.getUser().getId()));

		List<String> lost = new ArrayList<>();
		acknowledged.users.forEach((id, email) -> {
			if (!id.equals(stored.get(email))) {
				lost.add(id + " (" + email + ")");
			}
		});
		acknowledged.importedEmails.stream().filter((email) -> !stored.containsKey(email)).forEach(lost::add);
		assertThat(lost)
			.as("acknowledged users missing, of %d created and %d imported", acknowledged.users.size(),
					acknowledged.importedEmails.size())
			.isEmpty();
	}

	/**
	 * Every buyer's orders, through the REST edge: each key has exactly one order, and an
	 * acknowledged key has the order that was acknowledged.
	 */
	private static void assertEveryKeyHasExactlyItsAcknowledgedOrder(Clients clients, List<String> buyers,
			Acknowledged acknowledged) {
		Map<String, List<String>> ordersByKey = new HashMap<>();
		for (String buyer : buyers) {
			String pageToken = "";
			do {
				Answer page = clients.rest.get("/api/orders?pageSize=100&userId=" + buyer + "&pageToken="
						+ URLEncoder.encode(pageToken, StandardCharsets.UTF_8));
				assertThat(page.status()).as(page.toString()).isEqualTo(200);
				for (JsonNode order : page.json().get("orders")) {
					ordersByKey.computeIfAbsent(order.get("idempotencyKey").asString(), (key) -> new ArrayList<>())
						.add(order.get("id").asString());
				}
				pageToken = page.json().path("nextPageToken").asString("");
			}
			while (!pageToken.isEmpty());
		}

		assertThat(ordersByKey).allSatisfy((key, ids) -> assertThat(ids).as("orders with key %s", key).hasSize(1));
		List<String> lost = new ArrayList<>();
		acknowledged.orders.forEach((key, placed) -> {
			if (!List.of(placed.orderId()).equals(ordersByKey.get(key))) {
				lost.add(key + ": acknowledged " + placed.orderId() + ", stored " + ordersByKey.get(key));
			}
		});
		assertThat(lost).as("acknowledged orders not stored as acknowledged, of %d", acknowledged.orders.size())
			.isEmpty();
	}

	private static void assertRetriesReturnTheAcknowledgedOrder(Clients clients, Acknowledged acknowledged) {
		for (PlacedOrder placed : acknowledged.orders.values()) {
			assertThat(clients.place(placed.request())).as("a retry of %s", placed.request().key())
				.isEqualTo(placed.orderId());
		}
	}

	/**
	 * What happens to the services in one round; a planned restart (SIGTERM) keeps the
	 * same promise.
	 */
	private enum Fault {

		KILL_USER_SERVICE, KILL_ORDER_SERVICE, KILL_BOTH, RESTART_BOTH;

		void strikeAndRestart(ServicePair services, Acknowledged acknowledged) {
			List<ServiceProcess> victims = switch (this) {
				case KILL_USER_SERVICE -> List.of(services.userService());
				case KILL_ORDER_SERVICE -> List.of(services.orderService());
				case KILL_BOTH, RESTART_BOTH -> List.of(services.userService(), services.orderService());
			};
			int before = acknowledged.count();
			long struck = System.nanoTime();
			if (this == RESTART_BOTH) {
				victims.forEach((victim) -> assertThat(victim.terminate(Duration.ofSeconds(60)))
					.as("%s stopped on SIGTERM", victim.name())
					.isNotNull());
			}
			else {
				victims.forEach(ServiceProcess::kill);
			}
			victims.forEach(ServiceProcess::restart);
			victims.forEach(services::awaitReady);
			System.out.printf("%s after %d acknowledged writes: ready again after %d ms%n", this, before,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - struck));
		}

	}

	/**
	 * How the test reaches the pair: the REST edge, order-service over gRPC, user-service
	 * as an operator.
	 */
	private static final class Clients implements AutoCloseable {

		final RestClient rest;

		final ManagedChannel userService;

		final ManagedChannel orderService;

		/**
		 * @param operatorToken a service token with ADMIN, which ImportUsers needs
		 */
		Clients(ServicePair services, String operatorToken) {
			this.rest = new RestClient(services.orderHttpPort());
			this.userService = NettyChannelBuilder.forAddress("127.0.0.1", services.userGrpcPort())
				.usePlaintext()
				.intercept(ScriptCredentials.bearer(operatorToken))
				.build();
			this.orderService = NettyChannelBuilder.forAddress("127.0.0.1", services.orderGrpcPort())
				.usePlaintext()
				.build();
		}

		/**
		 * Places {@code request} once; its order id, or null when it was not answered
		 * with success.
		 */
		String place(OrderRequest request) {
			if (request.channel() == Channel.REST) {
				Answer answer = this.rest.post("/api/orders", request.json(), "Idempotency-Key", request.key());
				return (answer.status() == 201) ? answer.json().get("id").asString() : null;
			}
			try {
				// Waits for the channel to reconnect: after a restart it may still be
				// backing off.
				return OrderServiceGrpc.newBlockingStub(this.orderService)
					.withCallCredentials(BearerCredentials.operator())
					.withWaitForReady()
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.createOrder(WriteLoad.orderMessage(request))
					.getOrder()
					.getId();
			}
			catch (StatusRuntimeException ex) {
				return null;
			}
		}

		@Override
		public void close() {
			this.userService.shutdownNow();
			this.orderService.shutdownNow();
		}

	}

}
