package com.acme.orderservice.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.acme.order.v1.CreateOrderRequest;
import com.acme.order.v1.OrderLine;
import com.acme.order.v1.OrderServiceGrpc;
import com.acme.orderservice.support.CallRecorder;
import com.acme.orderservice.support.FakeUserServer;
import com.acme.orderservice.support.OrderBodies;
import com.acme.orderservice.support.OrderServiceWithFakeUsers;
import com.acme.orderservice.support.RestEdge;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.user.v1.UserStatus;
import io.grpc.Context;
import com.acme.testsupport.auth.BearerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Deadlines on real Netty connections: the budget of an HTTP request, the per-method
 * defaults of the channel, and the deadline of an incoming gRPC call, as user-service
 * receives them.
 */
@OrderServiceWithFakeUsers
class DeadlineTests {

	private final FakeUserServer fake = FakeUserServer.shared();

	private final CallRecorder received = this.fake.recorder();

	@Autowired
	UserServiceGrpc.UserServiceBlockingStub users;

	@LocalServerPort
	int httpPort;

	@LocalGrpcServerPort
	int grpcPort;

	ManagedChannel orderChannel;

	@BeforeEach
	void setUp() {
		this.fake.reset();
		this.orderChannel = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort).usePlaintext().build();
	}

	@AfterEach
	void tearDown() {
		this.orderChannel.shutdownNow();
	}

	@Test
	void spentBudgetAnswers504AtTheBudgetAndCancelsUserServicesWork() {
		String id = this.fake.service().addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();
		this.fake.service().stall("GetUser");

		RestEdge.Response response = new RestEdge(this.httpPort).get("/api/users/" + id, "X-Request-Timeout", "300ms");

		assertThat(response.status()).isEqualTo(504);
		assertThat(response.json().path("code").asString()).isEqualTo("DEADLINE_EXCEEDED");
		assertThat(response.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		// The call carried the budget as its deadline (not GetUser's 2 s timeout), so
		// grpc-java ended it there; how soon after, in milliseconds, depends on the
		// machine, not on the code.
		CallRecorder.Received call = this.received.last("GetUser");
		assertThat(call.deadlineMillis()).isNotNull().isLessThanOrEqualTo(300);
		assertThat(call.cancelled()).succeedsWithin(Duration.ofSeconds(5));
	}

	@Test
	void anImportWhoseBuyersAreNotAllCheckedInTimeStoresNothingAndIsA504() {
		List<String> buyers = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			buyers.add(this.fake.service().addUser("Buyer " + i, UserStatus.USER_STATUS_ACTIVE).getId());
		}
		// Two buyers are answered, then user-service goes quiet, as a stalled database
		// would.
		this.fake.service().validateUsersStopsAfter(2, null);
		RestEdge rest = new RestEdge(this.httpPort);

		RestEdge.Response imported = rest.post("/api/orders/import", OrderBodies.importOf(buyers), "X-Request-Timeout",
				"500ms");

		assertThat(imported.status()).as(imported.toString()).isEqualTo(504);
		assertThat(imported.json().path("reason").asString()).isEqualTo("USERS_NOT_CHECKED");
		// How many of the two answers arrived inside the budget depends on the machine's
		// load.
		assertThat(imported.json().path("detail").asString()).matches(
				"user-service answered for [0-2] of 5 buyers before the ValidateUsers stream ended with DEADLINE_EXCEEDED.*");
		assertThat(buyers).allSatisfy(
				(buyer) -> assertThat(rest.get("/api/orders?userId=" + buyer).json().path("orders").size()).isZero());
	}

	@Test
	void aStreamGetsALongBudgetInFullNotTheChannelsDefaultDeadline() {
		String buyer = this.fake.service().addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();
		// Every attempt fails at once: only the deadline the stream arrived with matters
		// here.
		this.fake.service().failNext("ValidateUsers", Status.UNAVAILABLE, 3);

		new RestEdge(this.httpPort).post("/api/orders/import", OrderBodies.importOf(List.of(buyer)),
				"X-Request-Timeout", "20s");

		// 20 s of budget, under ValidateUsers' 30 s timeout: not cut to a default of 10
		// s.
		assertThat(this.received.calls("ValidateUsers").get(0).deadlineMillis()).isNotNull()
			.isGreaterThan(10_000L)
			.isLessThanOrEqualTo(20_000L);
	}

	@Test
	void withoutAHeaderEachCallGetsItsPerMethodTimeout() {
		String id = this.fake.service().addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();

		assertThat(new RestEdge(this.httpPort).get("/api/users/" + id).status()).isEqualTo(200);

		// acme.deadline.default is 5s, GetUser's service-config timeout 2s: the shorter
		// one wins.
		assertThat(this.received.last("GetUser").deadlineMillis()).isNotNull().isPositive().isLessThanOrEqualTo(2_000L);
	}

	@Test
	void callsInOneRequestShareItsBudget() {
		String id = this.fake.service().addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();
		this.fake.service().stall("GetUser");
		ScheduledExecutorService deadlineTimer = Executors.newSingleThreadScheduledExecutor();
		Context.CancellableContext request = Context.current()
			.withDeadlineAfter(1_500, TimeUnit.MILLISECONDS, deadlineTimer);

		request.run(() -> {
			// The first call uses up part of the budget (it is given 400 ms of it) ...
			catchThrowableOfType(StatusRuntimeException.class,
					() -> this.users.withDeadlineAfter(400, TimeUnit.MILLISECONDS)
						.getUser(GetUserRequest.newBuilder().setId(id).build()));
			// ... and the second gets only what is left of the request's 1.5 s, not
			// GetUser's 2 s.
			catchThrowableOfType(StatusRuntimeException.class,
					() -> this.users.getUser(GetUserRequest.newBuilder().setId(id).build()));
		});
		request.cancel(null);
		deadlineTimer.shutdownNow();

		assertThat(this.received.calls("GetUser")).hasSize(2);
		assertThat(this.received.calls("GetUser").get(1).deadlineMillis()).isNotNull().isLessThanOrEqualTo(1_100L);
	}

	@Test
	void incomingGrpcDeadlineCascadesToUserService() {
		this.fake.service().stall("GetUser");

		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> OrderServiceGrpc.newBlockingStub(this.orderChannel)
					.withCallCredentials(BearerCredentials.operator())
					.withDeadlineAfter(400, TimeUnit.MILLISECONDS)
					.createOrder(CreateOrderRequest.newBuilder()
						.setUserId(UUID.randomUUID().toString())
						.addLines(OrderLine.newBuilder().setSku("A-1").setQuantity(1).setUnitPriceCents(100))
						.build()));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		CallRecorder.Received call = this.received.last("GetUser");
		assertThat(call.deadlineMillis()).isNotNull().isLessThanOrEqualTo(400);
		assertThat(call.cancelled()).succeedsWithin(Duration.ofSeconds(5));
	}

}
