package com.acme.orderservice.user;

import com.acme.orderservice.support.FakeUserServer;
import com.acme.orderservice.support.OrderServiceWithFakeUsers;
import com.acme.orderservice.support.RestEdge;
import com.acme.user.v1.UserStatus;
import io.grpc.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries come from the channel's service config (application.yml), on a real connection.
 */
@OrderServiceWithFakeUsers
class RetryTests {

	private final FakeUserServer fake = FakeUserServer.shared();

	@LocalServerPort
	int port;

	RestEdge rest;

	@BeforeEach
	void setUp() {
		this.fake.reset();
		this.rest = new RestEdge(this.port);
	}

	@Test
	void readSucceedsAfterTwoUnavailableAnswers() {
		String id = this.fake.service().addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();
		this.fake.service().failNext("GetUser", Status.UNAVAILABLE, 2);

		RestEdge.Response response = this.rest.get("/api/users/" + id);

		assertThat(response.status()).isEqualTo(200);
		assertThat(this.fake.service().calls("GetUser")).isEqualTo(3);
	}

	@Test
	void createIsNeverRetried() {
		this.fake.service().failNext("CreateUser", Status.UNAVAILABLE, 1);

		RestEdge.Response response = this.rest.post("/api/users",
				"{\"email\":\"a@example.com\",\"displayName\":\"A\"}");

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.header("Retry-After")).isEqualTo("1");
		assertThat(this.fake.service().calls("CreateUser")).isEqualTo(1);
	}

	@Test
	void createThatTimedOutIsNotRetried() {
		this.fake.service().stall("CreateUser");

		RestEdge.Response response = this.rest.post("/api/users", "{\"email\":\"a@example.com\",\"displayName\":\"A\"}",
				"X-Request-Timeout", "200ms");

		assertThat(response.status()).isEqualTo(504);
		assertThat(this.fake.service().calls("CreateUser")).isEqualTo(1);
	}

	@Test
	void orderIsStoredOnceWhenItsBuyerCheckNeededRetries() {
		String buyer = this.fake.service().addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();
		this.fake.service().failNext("GetUser", Status.UNAVAILABLE, 2);

		RestEdge.Response created = this.rest.post("/api/orders",
				"{\"userId\":\"" + buyer + "\",\"lines\":[{\"sku\":\"A-1\",\"quantity\":1,\"unitPriceCents\":5}]}");

		assertThat(created.status()).isEqualTo(201);
		assertThat(this.fake.service().calls("GetUser")).isEqualTo(3);
		assertThat(this.rest.get("/api/orders?userId=" + buyer).json().path("orders").size()).isEqualTo(1);
	}

}
