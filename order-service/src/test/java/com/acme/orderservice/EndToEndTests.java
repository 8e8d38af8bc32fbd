package com.acme.orderservice;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.acme.order.v1.CreateOrderRequest;
import com.acme.order.v1.GetOrderRequest;
import com.acme.order.v1.OrderLine;
import com.acme.order.v1.OrderServiceGrpc;
import com.acme.orderservice.support.RestEdge;
import com.acme.userservice.support.ExternalTool;
import com.acme.userservice.support.FreePort;
import com.acme.userservice.support.PostgresServer;
import com.acme.userservice.support.SharedPostgres;
import com.acme.userservice.support.TestCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Both real applications: user-service as its own process from its jar, order-service in this
 * JVM, each on its own PostgreSQL database, talking gRPC over real ports.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndToEndTests {

	private static final Path USER_SERVICE_JAR = Path.of("..", "user-service", "target", "user-service.jar");

	private static Process userService;

	private static Path userServiceLog;

	private static ConfigurableApplicationContext orderService;

	private static RestEdge rest;

	@BeforeAll
	static void startBothServices() throws Exception {
		ExternalTool.requireFile(USER_SERVICE_JAR, "the reactor builds it before order-service (./mvnw verify)");
		PostgresServer postgres = SharedPostgres.server();
		postgres.createDatabase("e2e_users");
		postgres.createDatabase("e2e_orders");
		int grpcPort = FreePort.next();
		int actuatorPort = FreePort.next();
		userServiceLog = Files.createTempFile("user-service", ".log");
		ProcessBuilder userServiceProcess = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
				"-jar", USER_SERVICE_JAR.toString(), "--spring.profiles.active=postgres",
				"--spring.grpc.server.address=127.0.0.1", "--spring.grpc.server.port=" + grpcPort,
				"--server.address=127.0.0.1", "--server.port=" + actuatorPort,
				"--acme.credentials-dir=" + TestCredentials.directory())
			.redirectErrorStream(true)
			.redirectOutput(userServiceLog.toFile());
		userServiceProcess.environment().putAll(postgres.environment("e2e_users"));
		userService = userServiceProcess.start();
		orderService = new SpringApplicationBuilder(OrderServiceApplication.class).run("--spring.profiles.active=postgres",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.port() + "/e2e_orders",
				"--spring.datasource.username=" + postgres.username(), "--spring.datasource.password=",
				"--spring.grpc.client.channel.user-service.target=static://127.0.0.1:" + grpcPort,
				"--acme.credentials-dir=" + TestCredentials.directory());
		rest = new RestEdge(((WebServerApplicationContext) orderService).getWebServer().getPort());
		await("user-service ready").atMost(Duration.ofSeconds(90)).until(() -> {
			assertThat(userService.isAlive()).as("user-service is running; see " + userServiceLog).isTrue();
			return httpStatus("http://127.0.0.1:" + actuatorPort + "/actuator/health/readiness") == 200;
		});
	}

	@AfterAll
	static void stopBothServices() throws InterruptedException {
		if (orderService != null) {
			orderService.close();
		}
		if (userService != null) {
			userService.destroy();
			if (!userService.waitFor(30, TimeUnit.SECONDS)) {
				userService.destroyForcibly();
			}
		}
	}

	@Test
	void ordersFollowTheirBuyerAcrossBothServices(CapturedOutput orderServiceOutput) throws Exception {
		RestEdge.Response user = rest.post("/api/users", "{\"email\":\"grace@example.com\",\"displayName\":\"Grace\"}",
				"X-Request-Id", "e2e-create-user");
		assertThat(user.status()).as(user.toString()).isEqualTo(201);
		String userId = user.json().path("id").asString();

		RestEdge.Response order = rest.post("/api/orders", order(userId), "Idempotency-Key", "e2e-1");
		assertThat(order.status()).as(order.toString()).isEqualTo(201);
		RestEdge.Response read = rest.get(order.header("Location"));
		assertThat(read.json().path("user").path("displayName").asString()).isEqualTo("Grace");
		assertThat(read.json().path("userEnriched").asBoolean()).isTrue();

		assertThat(rest.patch("/api/users/" + userId, "{\"status\":\"SUSPENDED\"}", "X-Request-Id", "e2e-suspend")
			.status()).isEqualTo(200);
		RestEdge.Response refused = rest.post("/api/orders", order(userId), "X-Request-Id", "e2e-refused");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		assertThat(refused.json().path("reason").asString()).isEqualTo("USER_SUSPENDED");
		assertThat(refused.json().path("requestId").asString()).isEqualTo("e2e-refused");

		// The suspension's request id and trace id, in both services' log lines.
		String orderLine = lineWith(orderServiceOutput.getOut(), "[e2e-suspend]");
		String traceId = traceIdOf(orderLine);
		await("user-service log").atMost(Duration.ofSeconds(10))
			.until(() -> Files.readString(userServiceLog).contains("[e2e-suspend]"));
		assertThat(traceIdOf(lineWith(Files.readString(userServiceLog), "[e2e-suspend]"))).isEqualTo(traceId);
	}

	@Test
	void grpcCallersGetTheSameRules() {
		String userId = rest.post("/api/users", "{\"email\":\"linus@example.com\",\"displayName\":\"Linus\"}")
			.json()
			.path("id")
			.asString();
		rest.patch("/api/users/" + userId, "{\"status\":\"SUSPENDED\"}");
		ManagedChannel channel = orderServiceChannel();
		try {
			StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
					() -> OrderServiceGrpc.newBlockingStub(channel)
						.withDeadlineAfter(5, TimeUnit.SECONDS)
						.createOrder(CreateOrderRequest.newBuilder()
							.setUserId(userId)
							.addLines(OrderLine.newBuilder().setSku("A-1").setQuantity(1).setUnitPriceCents(5))
							.build()));
			assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		}
		finally {
			channel.shutdownNow();
		}
	}

	@Test
	void clientServerAndHttpMetricsAreExposedWithHistograms() {
		String userId = rest.post("/api/users", "{\"email\":\"barbara@example.com\",\"displayName\":\"Barbara\"}")
			.json()
			.path("id")
			.asString();
		rest.get("/api/users/" + userId);
		ManagedChannel channel = orderServiceChannel();
		try {
			catchThrowableOfType(StatusRuntimeException.class, () -> OrderServiceGrpc.newBlockingStub(channel)
				.getOrder(GetOrderRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
		}
		finally {
			channel.shutdownNow();
		}

		String metrics = rest.get("/actuator/prometheus").body();

		assertThat(metrics).containsPattern("grpc_client_seconds_bucket\\{.*rpc_method=\"GetUser\"")
			.containsPattern("http_server_requests_seconds_bucket\\{.*uri=\"/api/users/\\{id\\}\"")
			.containsPattern("grpc_server_seconds_bucket\\{.*grpc_status_code=\"NOT_FOUND\".*rpc_service=\"acme.order.v1.OrderService\"");
	}

	private static ManagedChannel orderServiceChannel() {
		return NettyChannelBuilder.forAddress("127.0.0.1", orderService.getBean(GrpcServerLifecycle.class).getPort())
			.usePlaintext()
			.build();
	}

	private static String order(String userId) {
		return "{\"userId\":\"" + userId + "\",\"lines\":[{\"sku\":\"A-1\",\"quantity\":1,\"unitPriceCents\":500}]}";
	}

	private static String lineWith(String log, String text) {
		return log.lines()
			.filter((line) -> line.contains(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no log line with " + text));
	}

	private static String traceIdOf(String logLine) {
		Matcher matcher = Pattern.compile("\\[([0-9a-f]{32}),[0-9a-f]{16}\\]").matcher(logLine);
		assertThat(matcher.find()).as("trace id in: " + logLine).isTrue();
		return matcher.group(1);
	}


	private static int httpStatus(String url) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}


}
