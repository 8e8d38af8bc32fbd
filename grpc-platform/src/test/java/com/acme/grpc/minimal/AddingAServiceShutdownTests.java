package com.acme.grpc.minimal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The minimal service's health drains at shutdown, as the platform promises: the moment
 * the application context starts closing (what SIGTERM does), gRPC health says
 * NOT_SERVING to its watchers, then ends their Watch streams so the server can drain.
 */
class AddingAServiceShutdownTests {

	@Test
	void watchersHearNotServingAndTheirStreamEndsWhenShutdownBegins() throws Exception {
		ConfigurableApplicationContext service = new SpringApplicationBuilder(MinimalServiceApplication.class)
			.properties("spring.application.name=minimal-service", "spring.grpc.server.port=0",
					"spring.grpc.server.address=127.0.0.1")
			.run();
		int port = service.getEnvironment().getRequiredProperty("local.grpc.server.port", Integer.class);
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		List<ServingStatus> heard = new CopyOnWriteArrayList<>();
		AtomicReference<Status> ended = new AtomicReference<>();
		try {
			HealthGrpc.newStub(channel)
				.watch(HealthCheckRequest.newBuilder().setService("").build(), new StreamObserver<>() {

					@Override
					public void onNext(HealthCheckResponse response) {
						heard.add(response.getStatus());
					}

					@Override
					public void onError(Throwable failure) {
						ended.set(Status.fromThrowable(failure));
					}

					@Override
					public void onCompleted() {
						ended.set(Status.OK);
					}

				});
			await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains(ServingStatus.SERVING));

			service.close();

			await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() != null);
			assertThat(heard).endsWith(ServingStatus.NOT_SERVING);
			assertThat(ended.get().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(ended.get().getDescription()).isEqualTo("server is shutting down");
		}
		finally {
			service.close();
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

}
