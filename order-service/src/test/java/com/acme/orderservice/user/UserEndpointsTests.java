package com.acme.orderservice.user;

import java.time.Duration;

import com.acme.orderservice.support.CallRecorder;
import com.acme.orderservice.support.FakeUserService;
import com.acme.orderservice.support.OrderServiceWithInProcessUsers;
import com.acme.orderservice.support.RestEdge;
import com.acme.user.v1.UserStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@OrderServiceWithInProcessUsers
class UserEndpointsTests {

	@Autowired
	FakeUserService users;

	@Autowired
	CallRecorder calls;

	@LocalServerPort
	int port;

	RestEdge rest;

	@BeforeEach
	void setUp() {
		this.users.reset();
		this.calls.reset();
		this.rest = new RestEdge(this.port);
	}

	@Test
	void createsAUserAndPointsToIt() {
		RestEdge.Response created = this.rest.post("/api/users",
				"{\"email\":\"ada@example.com\",\"displayName\":\"Ada\"}");

		assertThat(created.status()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.header("Location")).isEqualTo("/api/users/" + id);
		assertThat(created.json().path("status").asString()).isEqualTo("ACTIVE");
		assertThat(this.rest.get("/api/users/" + id).json().path("displayName").asString()).isEqualTo("Ada");
	}

	@Test
	void suspendsAUser() {
		String id = this.users.addUser("Bob", UserStatus.USER_STATUS_ACTIVE).getId();

		RestEdge.Response updated = this.rest.patch("/api/users/" + id, "{\"status\":\"suspended\"}");

		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.json().path("status").asString()).isEqualTo("SUSPENDED");
	}

	@Test
	void unknownStatusIsABadRequestAndReachesNoOne() {
		String id = this.users.addUser("Bob", UserStatus.USER_STATUS_ACTIVE).getId();

		RestEdge.Response updated = this.rest.patch("/api/users/" + id, "{\"status\":\"DELETED\"}");

		assertThat(updated.status()).isEqualTo(400);
		assertThat(updated.json().path("errors").path(0).path("field").asString()).isEqualTo("status");
		assertThat(this.users.calls("UpdateUserStatus")).isZero();
	}

	@Test
	void listsPagesFromTheStream() {
		for (int i = 0; i < 5; i++) {
			this.users.addUser("Active " + i, UserStatus.USER_STATUS_ACTIVE);
		}
		this.users.addUser("Suspended", UserStatus.USER_STATUS_SUSPENDED);

		JsonNode first = this.rest.get("/api/users?status=ACTIVE&pageSize=2").json();
		JsonNode second = this.rest
			.get("/api/users?status=ACTIVE&pageSize=2&pageToken=" + first.path("nextPageToken").asString())
			.json();
		JsonNode last = this.rest
			.get("/api/users?status=ACTIVE&pageSize=2&pageToken=" + second.path("nextPageToken").asString())
			.json();

		assertThat(first.path("users").size()).isEqualTo(2);
		assertThat(second.path("users").size()).isEqualTo(2);
		assertThat(last.path("users").size()).isEqualTo(1);
		assertThat(last.has("nextPageToken")).isFalse();
		assertThat(first.path("users").path(0).path("id").asString())
			.isLessThan(second.path("users").path(0).path("id").asString());
	}

	@Test
	void cancelsTheStreamOnceThePageIsFull() {
		for (int i = 0; i < 5; i++) {
			this.users.addUser("Active " + i, UserStatus.USER_STATUS_ACTIVE);
		}
		this.users.holdListUsersOpen();

		RestEdge.Response page = this.rest.get("/api/users?pageSize=2");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().path("users").size()).isEqualTo(2);
		assertThat(this.calls.last("ListUsers").cancelled()).succeedsWithin(Duration.ofSeconds(5));
	}

}
