package com.acme.orderservice.metadata;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.acme.grpc.metadata.MetadataProperties;
import com.acme.grpc.metadata.PropagatedHeaders;
import com.acme.order.v1.CreateOrderRequest;
import com.acme.order.v1.OrderLine;
import com.acme.order.v1.OrderServiceGrpc;
import com.acme.orderservice.support.CallRecorder;
import com.acme.orderservice.support.FakeUserServer;
import com.acme.orderservice.support.OrderServiceWithFakeUsers;
import com.acme.orderservice.support.RestEdge;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.user.v1.UserStatus;
import io.grpc.Context;
import com.acme.testsupport.auth.BearerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.task.AsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What travels from an incoming HTTP request or gRPC call to user-service, on real
 * connections.
 */
@OrderServiceWithFakeUsers
@ExtendWith(OutputCaptureExtension.class)
class PropagationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final FakeUserServer fake = FakeUserServer.shared();

	private final CallRecorder received = this.fake.recorder();

	@LocalServerPort
	int httpPort;

	@LocalGrpcServerPort
	int grpcPort;

	@Autowired
	UserServiceGrpc.UserServiceBlockingStub users;

	@Autowired
	AsyncTaskExecutor applicationTaskExecutor;

	ManagedChannel orderChannel;

	String buyer;

	@BeforeEach
	void setUp() {
		this.fake.reset();
		this.buyer = this.fake.service().addUser("Ada", UserStatus.USER_STATUS_ACTIVE).getId();
		this.orderChannel = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort).usePlaintext().build();
	}

	@AfterEach
	void tearDown() {
		this.orderChannel.shutdownNow();
	}

	@Test
	void httpHeadersAndTheW3cTraceReachUserService(CapturedOutput output) {
		RestEdge.Response response = new RestEdge(this.httpPort).post("/api/orders",
				"{\"userId\":\"" + this.buyer + "\",\"lines\":[{\"sku\":\"A-1\",\"quantity\":1,\"unitPriceCents\":5}]}",
				"X-Request-Id", "req-http-1", "X-Tenant-Id", "acme-eu", "X-Not-Listed", "stays-here", "traceparent",
				"00-" + TRACE_ID + "-00f067aa0ba902b7-01");

		assertThat(response.status()).isEqualTo(201);
		assertThat(response.header("X-Request-Id")).isEqualTo("req-http-1");
		CallRecorder.Received call = this.received.last("GetUser");
		assertThat(call.header("x-request-id")).isEqualTo("req-http-1");
		assertThat(call.header("x-tenant-id")).isEqualTo("acme-eu");
		assertThat(call.header("x-not-listed")).isNull();
		// The same trace continues: the caller's trace id, a new parent span
		// (order-service's).
		assertThat(call.header("traceparent")).startsWith("00-" + TRACE_ID + "-").doesNotContain("00f067aa0ba902b7");
		assertThat(output)
			.containsPattern("\\[" + TRACE_ID + ",[0-9a-f]{16}\\] \\[req-http-1\\] \\[acme-eu\\] .*Placed order");
	}

	@Test
	void requestIdIsGeneratedWhenAbsentAndReturned() {
		RestEdge.Response response = new RestEdge(this.httpPort).get("/api/users/" + this.buyer);

		assertThat(response.header("X-Request-Id")).isNotBlank()
			.isEqualTo(this.received.last("GetUser").header("x-request-id"));
		assertThat(this.received.last("GetUser").header("traceparent"))
			.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]");
	}

	@Test
	void grpcMetadataIsForwardedAndTheRequestIdReturned() {
		Metadata metadata = new Metadata();
		metadata.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), "req-grpc-1");
		metadata.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), "acme-us");
		AtomicReference<Metadata> responseHeaders = new AtomicReference<>();

		OrderServiceGrpc.newBlockingStub(this.orderChannel)
			.withCallCredentials(BearerCredentials.operator())
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata),
					MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, new AtomicReference<>()))
			.createOrder(CreateOrderRequest.newBuilder()
				.setUserId(this.buyer)
				.addLines(OrderLine.newBuilder().setSku("A-1").setQuantity(1).setUnitPriceCents(5))
				.build());

		CallRecorder.Received call = this.received.last("GetUser");
		assertThat(call.header("x-request-id")).isEqualTo("req-grpc-1");
		assertThat(call.header("x-tenant-id")).isEqualTo("acme-us");
		assertThat(responseHeaders.get().get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER)))
			.isEqualTo("req-grpc-1");
	}

	@Test
	void deadlineAndHeadersSurviveAHopToTheApplicationTaskExecutor() throws Exception {
		Map<String, String> incoming = Map.of("x-request-id", "req-hop", "x-tenant-id", "acme-hop");
		PropagatedHeaders headers = PropagatedHeaders.capture(
				new MetadataProperties(List.of("x-request-id", "x-tenant-id")).propagatedHeaders(),
				(header) -> incoming.get(header.name()));
		ScheduledExecutorService deadlineTimer = Executors.newSingleThreadScheduledExecutor();
		Context.CancellableContext request = headers.attachTo(Context.current())
			.withDeadlineAfter(800, TimeUnit.MILLISECONDS, deadlineTimer);
		try {
			CompletableFuture<?> done = request.call(() -> this.applicationTaskExecutor
				.submitCompletable(() -> this.users.getUser(GetUserRequest.newBuilder().setId(this.buyer).build())));

			assertThat(done).succeedsWithin(Duration.ofSeconds(5));
		}
		finally {
			request.cancel(null);
			deadlineTimer.shutdownNow();
		}
		CallRecorder.Received call = this.received.last("GetUser");
		assertThat(call.header("x-request-id")).isEqualTo("req-hop");
		assertThat(call.header("x-tenant-id")).isEqualTo("acme-hop");
		assertThat(call.deadlineMillis()).isNotNull().isLessThanOrEqualTo(800);
	}

}
