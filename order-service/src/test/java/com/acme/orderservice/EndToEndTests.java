package com.acme.orderservice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.acme.order.v1.CreateOrderRequest;
import com.acme.order.v1.GetOrderRequest;
import com.acme.order.v1.OrderLine;
import com.acme.order.v1.OrderServiceGrpc;
import com.acme.orderservice.support.RestEdge;
import com.acme.testsupport.auth.BearerCredentials;
import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.testsupport.credentials.TestCredentials;
import com.acme.testsupport.ports.LoopbackPorts;
import com.acme.testsupport.postgres.PostgresServer;
import com.acme.testsupport.postgres.SharedPostgres;
import com.acme.testsupport.process.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

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
 * Both real applications: user-service as its own process from its jar, order-service in
 * this JVM, each on its own PostgreSQL database, talking gRPC over real ports.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndToEndTests {

	@TempDir
	static Path work;

	private static ServiceProcess userService;

	private static ConfigurableApplicationContext orderService;

	private static RestEdge rest;

	@BeforeAll
	static void startBothServices() throws Exception {
		PostgresServer postgres = SharedPostgres.server();
		postgres.createDatabase("e2e_users");
		postgres.createDatabase("e2e_orders");
		int grpcPort = LoopbackPorts.startOnFreePorts(2, (ports) -> {
			userService = ServiceProcess.springBootJar("user-service", work, postgres.environment("e2e_users"),
					"--spring.profiles.active=postgres", "--spring.grpc.server.address=127.0.0.1",
					"--spring.grpc.server.port=" + ports[0], "--server.address=127.0.0.1", "--server.port=" + ports[1],
					"--acme.credentials-dir=" + TestCredentials.directory());
			try {
				userService.awaitReady("http://127.0.0.1:" + ports[1] + "/actuator/health/readiness",
						Duration.ofSeconds(180));
				return ports[0];
			}
			catch (RuntimeException | Error ex) {
				userService.close();
				throw ex;
			}
		});
		orderService = new SpringApplicationBuilder(OrderServiceApplication.class).run(
				"--spring.profiles.active=postgres",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.port() + "/e2e_orders",
				"--spring.datasource.username=" + postgres.username(), "--spring.datasource.password=",
				"--spring.grpc.client.channel.user-service.target=static://127.0.0.1:" + grpcPort,
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + SharedAuthServer.server().issuer(),
				"--acme.credentials-dir=" + TestCredentials.directory());
		rest = new RestEdge(((WebServerApplicationContext) orderService).getWebServer().getPort());
	}

	@AfterAll
	static void stopBothServices() {
		if (orderService != null) {
			orderService.close();
		}
		if (userService != null) {
			userService.close();
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
			.until(() -> Files.readString(userService.log()).contains("[e2e-suspend]"));
		assertThat(traceIdOf(lineWith(Files.readString(userService.log()), "[e2e-suspend]"))).isEqualTo(traceId);
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
						.withCallCredentials(BearerCredentials.operator())
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
			catchThrowableOfType(StatusRuntimeException.class,
					() -> OrderServiceGrpc.newBlockingStub(channel)
						.withCallCredentials(BearerCredentials.operator())
						.getOrder(GetOrderRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
		}
		finally {
			channel.shutdownNow();
		}

		String metrics = management().get("/actuator/prometheus").body();

		assertThat(metrics).containsPattern("grpc_client_seconds_bucket\\{.*rpc_method=\"GetUser\"")
			.containsPattern("http_server_requests_seconds_bucket\\{.*uri=\"/api/users/\\{id\\}\"")
			.containsPattern(
					"grpc_server_seconds_bucket\\{.*grpc_status_code=\"NOT_FOUND\".*rpc_service=\"acme.order.v1.OrderService\"");
	}

	@Test
	void actuatorIsOnTheManagementPortOnlyNotOnTheRestEdge() {
		assertThat(management().get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(management().get("/actuator/prometheus").status()).isEqualTo(200);

		for (String path : List.of("/actuator", "/actuator/prometheus", "/actuator/health")) {
			assertThat(rest.get(path).status()).as("GET %s on the REST edge", path).isEqualTo(404);
		}
	}

	/** Actuator, on order-service's management port. */
	private static RestEdge management() {
		return new RestEdge(orderService.getEnvironment().getRequiredProperty("local.management.port", Integer.class));
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

}
