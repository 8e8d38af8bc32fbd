package com.acme.grpc.minimal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.acme.testsupport.grpc.StreamRecorder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
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
		StreamRecorder<HealthCheckResponse> watch = new StreamRecorder<>();
		try {
			HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("").build(), watch);
			await().atMost(Duration.ofSeconds(10)).until(() -> servingStatuses(watch).contains(ServingStatus.SERVING));

			service.close();

			Status ended = watch.awaitClose(Duration.ofSeconds(10));
			assertThat(servingStatuses(watch)).endsWith(ServingStatus.NOT_SERVING);
			assertThat(ended.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(ended.getDescription()).isEqualTo("server is shutting down");
		}
		finally {
			service.close();
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private static List<ServingStatus> servingStatuses(StreamRecorder<HealthCheckResponse> watch) {
		return watch.messages().stream().map(HealthCheckResponse::getStatus).toList();
	}

}
