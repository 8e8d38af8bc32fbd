package com.acme.grpc.minimal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.acme.order.v1.GetOrderRequest;
import com.acme.order.v1.GetOrderResponse;
import com.google.common.util.concurrent.ListenableFuture;
import com.acme.order.v1.OrderServiceGrpc;
import com.acme.testsupport.grpc.RawGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A service with no cross-cutting code of its own ({@link MinimalServiceApplication})
 * gets the platform's behaviour from the dependency alone, on a real Netty port.
 */
@SpringBootTest(classes = MinimalServiceApplication.class,
		properties = { "spring.application.name=minimal-service", "spring.grpc.server.port=0",
				"spring.grpc.server.address=127.0.0.1" })
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class AddingAServiceTests {

	private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	@LocalGrpcServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", this.port).usePlaintext().build();
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void theRequestIdIsEchoedAndInEveryLogLineOfTheCall(CapturedOutput output) {
		Metadata sent = new Metadata();
		sent.put(REQUEST_ID, "req-third-1");
		AtomicReference<Metadata> headers = new AtomicReference<>();

		stub()
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(sent),
					MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
			.getOrder(GetOrderRequest.newBuilder().setId("o-1").build());

		assertThat(headers.get().get(REQUEST_ID)).isEqualTo("req-third-1");
		assertThat(output.getAll()).containsPattern("\\[req-third-1\\] .*Looking up order o-1");
	}

	@Test
	void bytesThatAreNotTheRequestAreInvalidArgument() {
		MethodDescriptor<byte[], byte[]> raw = RawGrpc.method(OrderServiceGrpc.getGetOrderMethod().getFullMethodName(),
				MethodDescriptor.MethodType.UNARY);
		ClientCall<byte[], byte[]> call = this.channel.newCall(raw,
				CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));

		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> ClientCalls.blockingUnaryCall(call, new byte[] { (byte) 0xFF, (byte) 0xFF, 0x00 }));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription())
			.startsWith("request is not a valid acme.order.v1.GetOrderRequest");
	}

	@Test
	void oversizedMetadataIsResourceExhausted() {
		Metadata big = new Metadata();
		big.put(Metadata.Key.of("x-big", Metadata.ASCII_STRING_MARSHALLER), "x".repeat(9 * 1024));

		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(big))
					.getOrder(GetOrderRequest.newBuilder().setId("o-2").build()));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(failure.getStatus().getDescription()).contains("more than the 8192 allowed");
	}

	@Test
	void callsEndedByTheirDeadlineOrByTheClientAreCountedAsSuch() throws Exception {
		double deadlineBefore = calls(Status.Code.DEADLINE_EXCEEDED);
		double cancelledBefore = calls(Status.Code.CANCELLED);

		// A connection first: the deadline below is for the call, not for setting up TCP
		// and HTTP/2.
		stub().getOrder(GetOrderRequest.newBuilder().setId("o-warm").build());
		StatusRuntimeException timedOut = catchThrowableOfType(StatusRuntimeException.class,
				() -> stub().withDeadlineAfter(1, TimeUnit.SECONDS)
					.getOrder(GetOrderRequest.newBuilder().setId(MinimalServiceApplication.OrderLookup.SLOW).build()));
		assertThat(timedOut.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		// The server's handler wakes when the call's Context is cancelled; its
		// observation then ends.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(calls(Status.Code.DEADLINE_EXCEEDED)).as(this::grpcServerMeters)
				.isEqualTo(deadlineBefore + 1));

		Context.CancellableContext client = Context.current().withCancellation();
		ListenableFuture<GetOrderResponse> abandoned = client.call(() -> OrderServiceGrpc.newFutureStub(this.channel)
			.withDeadlineAfter(30, TimeUnit.SECONDS)
			.getOrder(GetOrderRequest.newBuilder().setId(MinimalServiceApplication.OrderLookup.SLOW).build()));
		// Once the server has the call in hand, the client gives up.
		await().atMost(Duration.ofSeconds(10)).until(() -> slowCallsInFlight() == 1);
		client.cancel(null);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(calls(Status.Code.CANCELLED)).as(this::grpcServerMeters)
				.isEqualTo(cancelledBefore + 1));
		assertThat(Status.fromThrowable(catchThrowable(() -> abandoned.get(10, TimeUnit.SECONDS))).getCode())
			.isEqualTo(Status.Code.CANCELLED);
	}

	private OrderServiceGrpc.OrderServiceBlockingStub stub() {
		return OrderServiceGrpc.newBlockingStub(this.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	private double calls(Status.Code code) {
		return this.meters.find("grpc.server")
			.tag("rpc.method", "GetOrder")
			.tag("grpc.status_code", code.name())
			.timers()
			.stream()
			.mapToDouble(Timer::count)
			.sum();
	}

	private String grpcServerMeters() {
		return this.meters.find("grpc.server")
			.timers()
			.stream()
			.map((timer) -> timer.getId() + " " + timer.count())
			.toList()
			.toString();
	}

	private double slowCallsInFlight() {
		return this.meters.find("grpc.server.active")
			.tag("rpc.method", "GetOrder")
			.longTaskTimers()
			.stream()
			.mapToDouble((timer) -> timer.activeTasks())
			.sum();
	}

}
