package com.acme.stack.observability;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.acme.order.v1.CreateOrderRequest;
import com.acme.order.v1.GetOrderRequest;
import com.acme.order.v1.OrderLine;
import com.acme.order.v1.OrderServiceGrpc;
import com.acme.testsupport.auth.BearerCredentials;
import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.stack.support.Http;
import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.ListUsersResponse;
import com.acme.user.v1.UserServiceGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Traffic that gives every dashboard panel and alert something to show: all four RPC
 * kinds, errors, a deadline running out and calls cancelled, through the REST edge
 * (order-service calling user-service) and straight at both gRPC servers. Each step
 * checks its own answer, so the metrics describe what really happened.
 */
final class StackTraffic {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String rest;

	private final ManagedChannel userService;

	private final ManagedChannel orderService;

	StackTraffic(String restBaseUrl, ManagedChannel userService, ManagedChannel orderService) {
		this.rest = restBaseUrl;
		this.userService = userService;
		this.orderService = orderService;
	}

	void exerciseEverything() throws Exception {
		// Unary through the edge: CreateUser, GetUser (found and NOT_FOUND),
		// UpdateUserStatus.
		String ada = createUser("ada");
		createUser("bob");
		createUser("cy");
		assertThat(call("GET", "/api/users/" + ada, null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/api/users/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
		// Server streaming: the edge cancels ListUsers once its page of 2 is full (3
		// users exist).
		JsonNode page = json.readTree(call("GET", "/api/users?pageSize=2", null).body());
		assertThat(page.path("users").size()).isEqualTo(2);
		// Orders: GetUser then a database write; an import checks its buyers over one
		// bidirectional ValidateUsers stream.
		assertThat(call("POST", "/api/orders", order(ada)).statusCode()).isEqualTo(201);
		HttpResponse<String> imported = call("POST", "/api/orders/import", "[" + order(ada) + "," + order(ada) + "]");
		assertThat(json.readTree(imported.body()).path("accepted").size()).as(imported.body()).isEqualTo(2);
		// A budget too short for the call: 504, DEADLINE_EXCEEDED on order-service's
		// client side.
		HttpResponse<String> late = Http.send(HttpRequest.newBuilder(URI.create(this.rest + "/api/users/" + ada))
			.header("X-Request-Timeout", "1ms")
			.header("Authorization", "Bearer " + SharedAuthServer.operatorToken()));
		assertThat(late.statusCode()).as(late.body()).isEqualTo(504);
		assertThat(call("PATCH", "/api/users/" + ada, "{\"status\":\"SUSPENDED\"}").statusCode()).isEqualTo(200);

		importUsersStraightToUserService();
		deadlineRunsOutOnUserService();
		clientCancelsListUsers();
		orderServiceOwnGrpcApi(ada);
	}

	/** Client streaming. */
	private void importUsersStraightToUserService() throws Exception {
		StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
		StreamObserver<ImportUsersRequest> items = UserServiceGrpc.newStub(this.userService)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.importUsers(response);
		for (String name : new String[] { "dee", "eve" }) {
			items.onNext(ImportUsersRequest.newBuilder()
				.setEmail(name + "-" + UUID.randomUUID() + "@example.com")
				.setDisplayName(name)
				.build());
		}
		items.onCompleted();
		assertThat(response.awaitClose().getCode()).isEqualTo(Status.Code.OK);
		assertThat(response.lastMessage().getCreatedCount()).isEqualTo(2);
	}

	/**
	 * An ImportUsers stream left open past its deadline: user-service records
	 * DEADLINE_EXCEEDED.
	 */
	private void deadlineRunsOutOnUserService() throws Exception {
		StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
		UserServiceGrpc.newStub(this.userService).withDeadlineAfter(300, TimeUnit.MILLISECONDS).importUsers(response);
		assertThat(response.awaitClose().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
	}

	/**
	 * The caller walks away from a ListUsers stream after one message: CANCELLED on the
	 * server.
	 */
	private void clientCancelsListUsers() {
		try (Context.CancellableContext call = Context.current().withCancellation()) {
			Iterator<ListUsersResponse> users = call.call(() -> UserServiceGrpc.newBlockingStub(this.userService)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.listUsers(ListUsersRequest.getDefaultInstance()));
			call.run(() -> assertThat(users.next().hasUser()).isTrue());
			call.cancel(null);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	/** order-service's gRPC server: a created order, and NOT_FOUND. */
	private void orderServiceOwnGrpcApi(String suspendedUser) {
		OrderServiceGrpc.OrderServiceBlockingStub orders = OrderServiceGrpc.newBlockingStub(this.orderService)
			.withCallCredentials(BearerCredentials.operator())
			.withDeadlineAfter(10, TimeUnit.SECONDS);
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> orders.createOrder(CreateOrderRequest.newBuilder()
					.setUserId(suspendedUser)
					.addLines(OrderLine.newBuilder().setSku("SKU-1").setQuantity(1).setUnitPriceCents(100))
					.build()));
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		String buyer = createUser("fay");
		String id = orders
			.createOrder(CreateOrderRequest.newBuilder()
				.setUserId(buyer)
				.addLines(OrderLine.newBuilder().setSku("SKU-1").setQuantity(2).setUnitPriceCents(100))
				.build())
			.getOrder()
			.getId();
		assertThat(orders.getOrder(GetOrderRequest.newBuilder().setId(id).build()).getOrder().getId()).isEqualTo(id);
		StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
				() -> orders.getOrder(GetOrderRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
		assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

	private String createUser(String name) {
		HttpResponse<String> created = call("POST", "/api/users",
				"{\"email\":\"" + name + "-" + UUID.randomUUID() + "@example.com\",\"displayName\":\"" + name + "\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json.readTree(created.body()).path("id").asString();
	}

	private static String order(String userId) {
		return "{\"userId\":\"" + userId + "\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPriceCents\":250}]}";
	}

	private HttpResponse<String> call(String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.rest + path))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + SharedAuthServer.operatorToken())
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		return Http.send(request);
	}

}
