package com.acme.orderservice.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

import com.acme.order.v1.CreateOrderRequest;
import com.acme.order.v1.GetOrderRequest;
import com.acme.order.v1.ListOrdersRequest;
import com.acme.order.v1.OrderLine;
import com.acme.order.v1.OrderServiceGrpc;
import com.acme.orderservice.support.FakeUserServer;
import com.acme.orderservice.support.OrderServiceWithFakeUsers;
import com.acme.orderservice.support.RestEdge;
import com.acme.testsupport.auth.BearerCredentials;
import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.user.v1.UserStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;

import static com.acme.orderservice.support.OrderBodies.importOf;
import static com.acme.orderservice.support.OrderBodies.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every REST route and every OrderService method, for each rule of
 * {@link EdgeSecurityConfiguration} and {@link Caller}: no token, a token without the
 * scope, a buyer acting for another buyer, and the allowed callers. The tokens come from
 * the real authorization server: ada and grace are buyers signed in with their passwords,
 * the operator a machine client with the admin scope.
 */
@OrderServiceWithFakeUsers
class AccessRulesTests {

	private static final String BUYER_SCOPES = "orders.read orders.write";

	private final FakeUserServer fake = FakeUserServer.shared();

	@LocalServerPort
	int httpPort;

	@LocalGrpcServerPort
	int grpcPort;

	ManagedChannel channel;

	/** The user of user-service whose email is ada's (ada@example.com). */
	String ada;

	String adasOrder;

	@BeforeEach
	void setUp() {
		this.fake.reset();
		this.ada = this.fake.service().addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();
		this.fake.service().addUser("Grace", UserStatus.USER_STATUS_ACTIVE);
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort).usePlaintext().build();
		RestEdge.Response placed = as(ada()).post("/api/orders", order(this.ada, 1, 100));
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		this.adasOrder = placed.json().path("id").asString();
	}

	@AfterEach
	void tearDown() {
		this.channel.shutdownNow();
	}

	// REST: orders

	@Test
	void placingAnOrder() {
		String body = order(this.ada, 2, 50);
		unauthenticated(RestEdge.anonymous(this.httpPort).post("/api/orders", body));
		lacksScope(as(person("ada", "orders.read")).post("/api/orders", body));
		notTheBuyer(as(grace()).post("/api/orders", body));
		notTheBuyer(as(machineWithoutAdmin()).post("/api/orders", body));
		assertThat(as(ada()).post("/api/orders", body).status()).isEqualTo(201);
		assertThat(as(operator()).post("/api/orders", body).status()).isEqualTo(201);
	}

	/** A buyer cannot get another buyer's order back by replaying its idempotency key. */
	@Test
	void replayingAnotherBuyersIdempotencyKey() {
		String body = order(this.ada, 1, 10);
		assertThat(as(ada()).post("/api/orders", body, "Idempotency-Key", "ada-1").status()).isEqualTo(201);

		notTheBuyer(as(grace()).post("/api/orders", body, "Idempotency-Key", "ada-1"));
	}

	@Test
	void readingAnOrder() {
		String path = "/api/orders/" + this.adasOrder;
		unauthenticated(RestEdge.anonymous(this.httpPort).get(path));
		lacksScope(as(person("ada", "orders.write")).get(path));
		notTheBuyer(as(grace()).get(path));
		assertThat(as(ada()).get(path).status()).isEqualTo(200);
		assertThat(as(operator()).get(path).status()).isEqualTo(200);
	}

	@Test
	void listingOrders() {
		String path = "/api/orders?userId=" + this.ada;
		unauthenticated(RestEdge.anonymous(this.httpPort).get(path));
		lacksScope(as(person("ada", "orders.write")).get(path));
		notTheBuyer(as(grace()).get(path));
		RestEdge.Response own = as(ada()).get(path);
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.json().path("orders").size()).isEqualTo(1);
		assertThat(as(operator()).get(path).status()).isEqualTo(200);
	}

	@Test
	void importingOrdersIsForAdministrators() {
		String body = importOf(java.util.List.of(this.ada));
		unauthenticated(RestEdge.anonymous(this.httpPort).post("/api/orders/import", body));
		lacksScope(as(ada()).post("/api/orders/import", body));
		lacksScope(as(SharedAuthServer.server().tokens().clientCredentials("users.admin")).post("/api/orders/import",
				body));
		assertThat(as(operator()).post("/api/orders/import", body).status()).isEqualTo(200);
	}

	/**
	 * user-service learns on whose behalf order-service calls: in its signed service
	 * token, not in a header a client could set.
	 */
	@Test
	void theBuyerTravelsToUserServiceInTheServiceToken() {
		this.fake.recorder().reset();
		assertThat(as(ada()).post("/api/orders", order(this.ada, 1, 10)).status()).isEqualTo(201);

		String serviceToken = this.fake.recorder()
			.last("GetUser")
			.header("authorization")
			.substring("Bearer ".length());
		String claims = new String(Base64.getUrlDecoder().decode(serviceToken.split("\\.")[1]), StandardCharsets.UTF_8);
		assertThat(claims).contains("\"sub\":\"order-service\"", "\"on_behalf_of\":\"ada\"");
	}

	// REST: users

	@Test
	void creatingAUserIsForAdministrators() {
		String body = "{\"email\":\"alan@example.com\",\"displayName\":\"Alan Turing\"}";
		unauthenticated(RestEdge.anonymous(this.httpPort).post("/api/users", body));
		lacksScope(as(ada()).post("/api/users", body));
		assertThat(as(operator()).post("/api/users", body).status()).isEqualTo(201);
	}

	@Test
	void readingAUser() {
		String path = "/api/users/" + this.ada;
		unauthenticated(RestEdge.anonymous(this.httpPort).get(path));
		lacksScope(as(person("ada", "orders.write")).get(path));
		notTheBuyer(as(grace()).get(path));
		assertThat(as(ada()).get(path).status()).isEqualTo(200);
		assertThat(as(operator()).get(path).status()).isEqualTo(200);
	}

	/** Not even for herself: suspending is an administrator's decision. */
	@Test
	void suspendingAUserIsForAdministrators() {
		String path = "/api/users/" + this.ada;
		String body = "{\"status\":\"SUSPENDED\"}";
		unauthenticated(RestEdge.anonymous(this.httpPort).patch(path, body));
		lacksScope(as(ada()).patch(path, body));
		assertThat(as(operator()).patch(path, body).status()).isEqualTo(200);
	}

	@Test
	void listingUsersIsForAdministrators() {
		unauthenticated(RestEdge.anonymous(this.httpPort).get("/api/users"));
		lacksScope(as(ada()).get("/api/users"));
		assertThat(as(person("admin", "users.admin")).get("/api/users").status()).isEqualTo(200);
	}

	@Test
	void theApiDescriptionIsPublic() {
		assertThat(RestEdge.anonymous(this.httpPort).get("/openapi.yaml").status()).isEqualTo(200);
	}

	// gRPC: acme.order.v1.OrderService

	@Test
	void createOrder() {
		CreateOrderRequest request = CreateOrderRequest.newBuilder()
			.setUserId(this.ada)
			.addLines(OrderLine.newBuilder().setSku("A-1").setQuantity(1).setUnitPriceCents(5))
			.build();
		grpcRefused(null, (stub) -> stub.createOrder(request), Status.Code.UNAUTHENTICATED);
		grpcRefused(person("ada", "orders.read"), (stub) -> stub.createOrder(request), Status.Code.PERMISSION_DENIED);
		grpcRefused(grace(), (stub) -> stub.createOrder(request), Status.Code.PERMISSION_DENIED);
		assertThat(stub(ada()).createOrder(request).getOrder().getUserId()).isEqualTo(this.ada);
		assertThat(stub(operator()).createOrder(request).getOrder().getUserId()).isEqualTo(this.ada);
	}

	@Test
	void getOrder() {
		GetOrderRequest request = GetOrderRequest.newBuilder().setId(this.adasOrder).build();
		grpcRefused(null, (stub) -> stub.getOrder(request), Status.Code.UNAUTHENTICATED);
		grpcRefused(person("ada", "orders.write"), (stub) -> stub.getOrder(request), Status.Code.PERMISSION_DENIED);
		grpcRefused(grace(), (stub) -> stub.getOrder(request), Status.Code.PERMISSION_DENIED);
		assertThat(stub(ada()).getOrder(request).getOrder().getId()).isEqualTo(this.adasOrder);
		assertThat(stub(operator()).getOrder(request).getOrder().getId()).isEqualTo(this.adasOrder);
	}

	@Test
	void listOrders() {
		ListOrdersRequest request = ListOrdersRequest.newBuilder().setUserId(this.ada).build();
		grpcRefused(null, (stub) -> stub.listOrders(request), Status.Code.UNAUTHENTICATED);
		grpcRefused(person("ada", "orders.write"), (stub) -> stub.listOrders(request), Status.Code.PERMISSION_DENIED);
		grpcRefused(grace(), (stub) -> stub.listOrders(request), Status.Code.PERMISSION_DENIED);
		assertThat(stub(ada()).listOrders(request).getOrdersCount()).isEqualTo(1);
		assertThat(stub(operator()).listOrders(request).getOrdersCount()).isEqualTo(1);
	}

	/** Load balancers and probes need no token. */
	@Test
	void healthIsOpen() {
		HealthCheckResponse health = HealthGrpc.newBlockingStub(this.channel)
			.check(HealthCheckRequest.newBuilder().setService("acme.order.v1.OrderService").build());
		assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
	}

	private RestEdge as(String token) {
		return RestEdge.as(this.httpPort, token);
	}

	private OrderServiceGrpc.OrderServiceBlockingStub stub(String token) {
		OrderServiceGrpc.OrderServiceBlockingStub stub = OrderServiceGrpc.newBlockingStub(this.channel);
		return (token != null) ? stub.withCallCredentials(new BearerCredentials(() -> token)) : stub;
	}

	private void grpcRefused(String token, Consumer<OrderServiceGrpc.OrderServiceBlockingStub> call,
			Status.Code expected) {
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> call.accept(stub(token)));
		assertThat(refused).as("refused with " + expected).isNotNull();
		assertThat(refused.getStatus().getCode()).as(refused.getStatus().toString()).isEqualTo(expected);
	}

	private static String ada() {
		return person("ada", BUYER_SCOPES);
	}

	private static String grace() {
		return person("grace", BUYER_SCOPES);
	}

	private static String operator() {
		return SharedAuthServer.operatorToken();
	}

	/** A machine client with the order scopes but not the admin one: acts for nobody. */
	private static String machineWithoutAdmin() {
		return SharedAuthServer.server().tokens().clientCredentials(BUYER_SCOPES);
	}

	private static String person(String username, String scopes) {
		return SharedAuthServer.personToken(username, scopes);
	}

	private static void unauthenticated(RestEdge.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
		assertThat(response.json().path("requestId").asString()).isNotEmpty();
	}

	private static void lacksScope(RestEdge.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.header("WWW-Authenticate")).contains("insufficient_scope");
		assertThat(response.json().path("code").asString()).isEqualTo("PERMISSION_DENIED");
	}

	private static void notTheBuyer(RestEdge.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("reason").asString()).isEqualTo("NOT_THE_BUYER");
	}

}
