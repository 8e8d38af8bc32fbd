package com.acme.orderservice.error;

import com.acme.orderservice.support.FakeUserService;
import com.acme.orderservice.support.OrderServiceWithInProcessUsers;
import com.acme.orderservice.support.RestEdge;
import com.acme.user.v1.UserStatus;
import io.grpc.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** How every status user-service can answer reaches an HTTP client. */
@OrderServiceWithInProcessUsers
class ProblemDetailsTests {

	@Autowired
	FakeUserService users;

	@LocalServerPort
	int port;

	RestEdge rest;

	@BeforeEach
	void setUp() {
		this.users.reset();
		this.rest = new RestEdge(this.port);
	}

	@ParameterizedTest
	@CsvSource({ "INVALID_ARGUMENT, 400", "NOT_FOUND, 404", "ALREADY_EXISTS, 409", "RESOURCE_EXHAUSTED, 429",
			"UNAUTHENTICATED, 502", "PERMISSION_DENIED, 502", "UNAVAILABLE, 503", "DEADLINE_EXCEEDED, 504",
			"INTERNAL, 502", "UNKNOWN, 502", "FAILED_PRECONDITION, 502", "UNIMPLEMENTED, 502", "DATA_LOSS, 502" })
	void upstreamStatusBecomesAnHonestHttpAnswer(Status.Code code, int httpStatus) {
		String id = this.users.addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();
		this.users.failNext("GetUser", Status.fromCode(code).withDescription("at java.lang.Thread.run(secret:1)"), 1);

		RestEdge.Response response = this.rest.get("/api/users/" + id, "X-Request-Id", "req-" + code);

		assertThat(response.status()).isEqualTo(httpStatus);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.json().path("requestId").asString()).isEqualTo("req-" + code);
		assertThat(response.json().path("code").asString()).isEqualTo(code.name());
		if (httpStatus == 503) {
			assertThat(response.header("Retry-After")).isEqualTo("1");
		}
		if (httpStatus >= 500) {
			assertThat(response.body()).doesNotContain("java.lang", "secret");
		}
	}

	@Test
	void malformedJsonIsABadRequest() {
		RestEdge.Response response = this.rest.post("/api/orders", "{\"userId\": ", "X-Request-Id", "req-json");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("requestId").asString()).isEqualTo("req-json");
		assertThat(response.body()).doesNotContain("tools.jackson", "Exception");
	}

	@Test
	void wrongTypeNamesTheField() {
		RestEdge.Response response = this.rest.post("/api/orders",
				"{\"userId\":\"x\",\"lines\":[{\"sku\":\"A\",\"quantity\":\"many\",\"unitPriceCents\":1}]}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").path(0).path("field").asString()).isEqualTo("lines[0].quantity");
	}

	@Test
	void invalidRequestTimeoutIsABadRequestNamingTheHeader() {
		RestEdge.Response response = this.rest.get("/api/users/x", "X-Request-Timeout", "soon", "X-Request-Id",
				"req-timeout");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("X-Request-Id")).isEqualTo("req-timeout");
		assertThat(response.json().path("errors").path(0).path("field").asString()).isEqualTo("X-Request-Timeout");
		assertThat(this.users.calls("GetUser")).isZero();
	}

}
