package com.acme.orderservice.order;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.acme.orderservice.support.CallRecorder;
import com.acme.orderservice.support.FakeUserService;
import com.acme.orderservice.support.OrderServiceWithInProcessUsers;
import com.acme.orderservice.support.RestEdge;
import com.acme.user.v1.UserStatus;
import io.grpc.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.acme.orderservice.support.OrderBodies.importOf;
import static com.acme.orderservice.support.OrderBodies.order;
import static org.assertj.core.api.Assertions.assertThat;

@OrderServiceWithInProcessUsers
class OrderEndpointsTests {

	@Autowired
	FakeUserService users;

	@Autowired
	CallRecorder calls;

	@LocalServerPort
	int port;

	RestEdge rest;

	String buyer;

	@BeforeEach
	void setUp() {
		this.users.reset();
		this.calls.reset();
		this.rest = new RestEdge(this.port);
		this.buyer = this.users.addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();
	}

	@Test
	void createsAnOrderAndReadsItBackWithItsBuyer() {
		RestEdge.Response created = this.rest.post("/api/orders", order(this.buyer, 2, 1250));

		assertThat(created.status()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.header("Location")).isEqualTo("/api/orders/" + id);
		assertThat(created.json().path("totalCents").asLong()).isEqualTo(2500);

		JsonNode read = this.rest.get("/api/orders/" + id).json();
		assertThat(read.path("lines").path(0).path("sku").asString()).isEqualTo("A-1");
		assertThat(read.path("user").path("displayName").asString()).isEqualTo("Ada");
		assertThat(read.path("userEnriched").asBoolean()).isTrue();
	}

	@Test
	void sameIdempotencyKeyReturnsTheFirstOrderAndStoresNoSecond() {
		RestEdge.Response first = this.rest.post("/api/orders", order(this.buyer, 1, 100), "Idempotency-Key", "k-1");
		RestEdge.Response again = this.rest.post("/api/orders", order(this.buyer, 1, 100), "Idempotency-Key", "k-1");

		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
		assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(this.rest.get("/api/orders?userId=" + this.buyer).json().path("orders").size()).isEqualTo(1);
	}

	@Test
	void sameIdempotencyKeyWithAnotherOrderIsAConflict() {
		this.rest.post("/api/orders", order(this.buyer, 1, 100), "Idempotency-Key", "k-2");

		RestEdge.Response reused = this.rest.post("/api/orders", order(this.buyer, 5, 100), "Idempotency-Key", "k-2");

		assertThat(reused.status()).isEqualTo(409);
		assertThat(reused.json().path("reason").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
	}

	@Test
	void unknownOrSuspendedBuyerIsRefusedWith422() {
		String suspended = this.users.addUser("Sam", UserStatus.USER_STATUS_SUSPENDED).getId();

		RestEdge.Response unknown = this.rest.post("/api/orders", order(UUID.randomUUID().toString(), 1, 100));
		RestEdge.Response refused = this.rest.post("/api/orders", order(suspended, 1, 100));

		assertThat(unknown.status()).isEqualTo(422);
		assertThat(unknown.json().path("reason").asString()).isEqualTo("USER_NOT_FOUND");
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().path("reason").asString()).isEqualTo("USER_SUSPENDED");
		assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
	}

	@Test
	void invalidOrderListsEveryBadFieldInJsonNamesAndNeverCallsUserService() {
		RestEdge.Response invalid = this.rest.post("/api/orders",
				"{\"userId\":\"nope\",\"lines\":[{\"sku\":\"\",\"quantity\":0,\"unitPriceCents\":-1}]}", "X-Request-Id",
				"req-invalid");

		assertThat(invalid.status()).isEqualTo(400);
		JsonNode problem = invalid.json();
		assertThat(problem.path("requestId").asString()).isEqualTo("req-invalid");
		assertThat(problem.path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("userId",
				"lines[0].sku", "lines[0].quantity", "lines[0].unitPriceCents");
		assertThat(this.users.calls("GetUser")).isZero();
	}

	@Test
	void orderIsReturnedWithoutItsBuyerWhenUserServiceFails() {
		String id = this.rest.post("/api/orders", order(this.buyer, 1, 100)).json().path("id").asString();
		this.users.failNext("GetUser", Status.UNAVAILABLE, 1);

		RestEdge.Response read = this.rest.get("/api/orders/" + id);

		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("userEnriched").asBoolean()).isFalse();
		assertThat(read.json().has("user")).isFalse();
	}

	@Test
	void listsOrdersNewestFirstInPages() {
		for (int i = 1; i <= 3; i++) {
			this.rest.post("/api/orders", order(this.buyer, i, 100));
		}

		JsonNode first = this.rest.get("/api/orders?userId=" + this.buyer + "&pageSize=2").json();
		JsonNode second = this.rest
			.get("/api/orders?userId=" + this.buyer + "&pageSize=2&pageToken=" + first.path("nextPageToken").asString())
			.json();

		assertThat(first.path("orders").findValues("totalCents")).extracting(JsonNode::asLong)
			.containsExactly(300L, 200L);
		assertThat(second.path("orders").findValues("totalCents")).extracting(JsonNode::asLong).containsExactly(100L);
		assertThat(second.has("nextPageToken")).isFalse();
		assertThat(this.rest.get("/api/orders?userId=" + this.buyer + "&pageToken=forged").status()).isEqualTo(400);
	}

	@Test
	void bulkImportValidatesEveryBuyerOverOneStream() {
		String suspended = this.users.addUser("Sam", UserStatus.USER_STATUS_SUSPENDED).getId();
		String unknown = UUID.randomUUID().toString();
		StringBuilder items = new StringBuilder("[");
		for (int i = 0; i < 150; i++) {
			items.append(order(this.buyer, 1, i)).append(',');
		}
		items.append(order(suspended, 1, 1)).append(',').append(order(unknown, 1, 1)).append(',');
		items.append("{\"userId\":\"").append(this.buyer).append("\",\"lines\":[]}]");

		RestEdge.Response imported = this.rest.post("/api/orders/import", items.toString());

		assertThat(imported.status()).isEqualTo(200);
		JsonNode result = imported.json();
		assertThat(result.path("accepted").size()).isEqualTo(150);
		assertThat(result.path("rejected").findValuesAsString("reason")).containsExactly("USER_SUSPENDED",
				"USER_NOT_FOUND", "INVALID_ARGUMENT");
		assertThat(result.path("rejected").findValues("index")).extracting(JsonNode::asInt)
			.containsExactly(150, 151, 152);
		assertThat(this.users.calls("ValidateUsers")).isEqualTo(1);
		assertThat(this.users.calls("GetUser")).isZero();
		assertThat(this.rest.get("/api/orders?userId=" + this.buyer + "&pageSize=100").json().path("orders").size())
			.isEqualTo(100);
	}

	@Test
	void bulkImportWhoseStreamFailsBeforeEveryBuyerIsCheckedStoresNothingAndIsA503() {
		List<String> buyers = buyers(5);
		this.users.validateUsersStopsAfter(3, Status.UNAVAILABLE);

		RestEdge.Response imported = this.rest.post("/api/orders/import", importOf(buyers));

		assertThat(imported.status()).as(imported.toString()).isEqualTo(503);
		assertThat(imported.header("Retry-After")).isEqualTo("1");
		assertThat(imported.json().path("reason").asString()).isEqualTo("USERS_NOT_CHECKED");
		assertThat(imported.json().path("detail").asString())
			.startsWith(
					"user-service answered for 3 of 5 buyers before the ValidateUsers stream ended with UNAVAILABLE")
			.endsWith("no order was stored, and the whole import may be sent again");
		assertThat(buyers).allSatisfy((buyer) -> assertThat(storedOrders(buyer)).isZero());
	}

	@Test
	void bulkImportWhoseStreamCompletesWithoutEveryAnswerStoresNothingAndIsA502() {
		List<String> buyers = buyers(5);
		this.users.validateUsersStopsAfter(2, Status.OK);

		RestEdge.Response imported = this.rest.post("/api/orders/import", importOf(buyers));

		assertThat(imported.status()).as(imported.toString()).isEqualTo(502);
		assertThat(imported.json().path("reason").asString()).isEqualTo("USERS_NOT_CHECKED");
		assertThat(imported.json().path("detail").asString())
			.startsWith("user-service ended the ValidateUsers stream without answering for 3 of 5 buyers");
		assertThat(buyers).allSatisfy((buyer) -> assertThat(storedOrders(buyer)).isZero());
	}

	private List<String> buyers(int count) {
		List<String> buyers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			buyers.add(this.users.addUser("Buyer " + i, UserStatus.USER_STATUS_ACTIVE).getId());
		}
		return buyers;
	}

	private int storedOrders(String buyer) {
		return this.rest.get("/api/orders?userId=" + buyer).json().path("orders").size();
	}

}
