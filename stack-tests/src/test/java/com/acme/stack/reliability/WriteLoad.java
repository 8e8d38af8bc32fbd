package com.acme.stack.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.acme.order.v1.CreateOrderRequest;
import com.acme.order.v1.OrderLine;
import com.acme.order.v1.OrderServiceGrpc;
import com.acme.testsupport.auth.BearerCredentials;
import com.acme.stack.reliability.Acknowledged.Channel;
import com.acme.stack.reliability.Acknowledged.OrderRequest;
import com.acme.stack.reliability.Acknowledged.Path;
import com.acme.stack.reliability.RestClient.Answer;
import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.user.v1.UserServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import static org.awaitility.Awaitility.await;

/**
 * Clients writing as fast as they are answered, each kind in its own thread, recording in
 * {@link Acknowledged} what they were told: users created through the REST edge and
 * directly over gRPC (CreateUser, ImportUsers), orders placed through the REST edge and
 * over gRPC with an idempotency key each. An order without an answer is sent again with
 * the same key, as a careful client does, until it is answered. After a failed attempt a
 * client backs off briefly, as real clients do, so that a service being restarted is not
 * starved of CPU.
 */
final class WriteLoad implements AutoCloseable {

	/**
	 * What a crash may honestly cause: refused connections, 503, 504; UNAVAILABLE,
	 * DEADLINE_EXCEEDED.
	 */
	private static final Set<Integer> FAILURES = Set.of(RestClient.NO_CONNECTION, 503, 504);

	private static final Set<Status.Code> GRPC_FAILURES = Set.of(Status.Code.UNAVAILABLE,
			Status.Code.DEADLINE_EXCEEDED);

	private static final Duration BACKOFF = Duration.ofMillis(100);

	private static final int IMPORT_BATCH = 5;

	private final RestClient rest;

	private final ManagedChannel userService;

	private final ManagedChannel orderService;

	private final List<String> buyers;

	private final Acknowledged acknowledged;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicInteger next = new AtomicInteger();

	private final ExecutorService clients = Executors.newFixedThreadPool(5);

	private final List<Future<?>> loops = new ArrayList<>();

	/**
	 * @param userService a channel to user-service with an operator's token (ImportUsers
	 * needs ADMIN)
	 * @param buyers users that exist, to place orders for
	 */
	WriteLoad(RestClient rest, ManagedChannel userService, ManagedChannel orderService, List<String> buyers,
			Acknowledged acknowledged) {
		this.rest = rest;
		this.userService = userService;
		this.orderService = orderService;
		this.buyers = List.copyOf(buyers);
		this.acknowledged = acknowledged;
		loop(this::createUserOverRest);
		loop(this::createUserOverGrpc);
		loop(this::importUsers);
		loop(() -> placeOrder(Channel.REST));
		loop(() -> placeOrder(Channel.GRPC));
	}

	/**
	 * Waits, with a bound, until {@code count} more writes have been acknowledged over
	 * every path: all of them work (again), so writes of every kind are in flight from
	 * then on.
	 */
	void awaitMoreOnEveryPath(int count, Duration atMost) {
		Map<Path, Integer> targets = new EnumMap<>(Path.class);
		for (Path path : Path.values()) {
			targets.put(path, this.acknowledged.count(path) + count);
		}
		await(count + " more acknowledged writes over every path").atMost(atMost)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> targets.entrySet()
				.stream()
				.allMatch((target) -> this.acknowledged.count(target.getKey()) >= target.getValue()));
	}

	/** Stops every client after its current request. */
	void stop() throws Exception {
		this.running.set(false);
		for (Future<?> loop : this.loops) {
			loop.get(2, TimeUnit.MINUTES);
		}
	}

	@Override
	public void close() {
		this.running.set(false);
		this.clients.shutdownNow();
	}

	private void loop(Attempt attempt) {
		this.loops.add(this.clients.submit(() -> {
			while (this.running.get()) {
				if (!attempt.succeeded()) {
					LockSupport.parkNanos(BACKOFF.toNanos());
				}
			}
			return null;
		}));
	}

	private boolean createUserOverRest() {
		String email = newEmail("rest");
		Answer answer = this.rest.post("/api/users", "{\"email\":\"" + email + "\",\"displayName\":\"Crash Test\"}",
				"X-Request-Timeout", "10s");
		if (answer.status() == 201) {
			this.acknowledged.user(Path.USER_OVER_REST, answer.json().get("id").asString(), email);
			return true;
		}
		expectFailure("REST create user", answer);
		return false;
	}

	private boolean createUserOverGrpc() {
		String email = newEmail("grpc");
		try {
			String id = UserServiceGrpc.newBlockingStub(this.userService)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.createUser(CreateUserRequest.newBuilder().setEmail(email).setDisplayName("Crash Test").build())
				.getUser()
				.getId();
			this.acknowledged.user(Path.USER_OVER_GRPC, id, email);
			return true;
		}
		catch (StatusRuntimeException ex) {
			expectFailure("CreateUser", ex.getStatus());
			return false;
		}
	}

	private boolean importUsers() throws Exception {
		StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
		StreamObserver<ImportUsersRequest> items = UserServiceGrpc.newStub(this.userService)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.importUsers(response);
		List<String> emails = new ArrayList<>();
		for (int i = 0; i < IMPORT_BATCH; i++) {
			emails.add(newEmail("import"));
			items.onNext(ImportUsersRequest.newBuilder().setEmail(emails.get(i)).setDisplayName("Imported").build());
		}
		items.onCompleted();
		Status status = response.awaitClose(Duration.ofSeconds(30));
		if (status.isOk()) {
			ImportUsersResponse answer = response.lastMessage();
			if (answer.getCreatedCount() != IMPORT_BATCH || answer.getRejectionsCount() > 0) {
				this.acknowledged.unexpected.add("ImportUsers answered " + answer);
				return false;
			}
			this.acknowledged.imported(emails);
			return true;
		}
		expectFailure("ImportUsers", status);
		return false;
	}

	/** Retries an order that got no answer, with its key, or else places a new one. */
	private boolean placeOrder(Channel channel) {
		OrderRequest retry = this.acknowledged.nextRetry(channel);
		OrderRequest request = (retry != null) ? retry : new OrderRequest(channel + "-" + UUID.randomUUID(),
				this.buyers.get(Math.floorMod(this.next.getAndIncrement(), this.buyers.size())), channel);
		String orderId = (channel == Channel.REST) ? placeOverRest(request) : placeOverGrpc(request);
		if (orderId != null) {
			this.acknowledged.order(request, orderId);
			return true;
		}
		this.acknowledged.unanswered(request);
		return false;
	}

	private String placeOverRest(OrderRequest request) {
		Answer answer = this.rest.post("/api/orders", request.json(), "Idempotency-Key", request.key(),
				"X-Request-Timeout", "10s");
		if (answer.status() == 201) {
			return answer.json().get("id").asString();
		}
		expectFailure("REST place order", answer);
		return null;
	}

	private String placeOverGrpc(OrderRequest request) {
		try {
			return OrderServiceGrpc.newBlockingStub(this.orderService)
				.withCallCredentials(BearerCredentials.operator())
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.createOrder(orderMessage(request))
				.getOrder()
				.getId();
		}
		catch (StatusRuntimeException ex) {
			expectFailure("CreateOrder", ex.getStatus());
			return null;
		}
	}

	static CreateOrderRequest orderMessage(OrderRequest request) {
		return CreateOrderRequest.newBuilder()
			.setUserId(request.buyer())
			.addLines(OrderLine.newBuilder().setSku("CRASH-1").setQuantity(1).setUnitPriceCents(100))
			.setIdempotencyKey(request.key())
			.build();
	}

	private void expectFailure(String call, Answer answer) {
		if (!FAILURES.contains(answer.status())) {
			this.acknowledged.unexpected.add(call + ": " + answer);
		}
	}

	private void expectFailure(String call, Status status) {
		if (!GRPC_FAILURES.contains(status.getCode())) {
			this.acknowledged.unexpected.add(call + ": " + status);
		}
	}

	private static String newEmail(String via) {
		return "crash-" + via + "-" + UUID.randomUUID() + "@example.com";
	}

	@FunctionalInterface
	private interface Attempt {

		/** One write; false when it was not acknowledged. */
		boolean succeeded() throws Exception;

	}

}
