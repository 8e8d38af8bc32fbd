package com.acme.userservice.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import com.acme.testsupport.credentials.TestCredentials;
import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On whose behalf order-service calls: the signed {@code on_behalf_of} claim of its
 * service token appears in the call's log lines next to the request id, and in no metric.
 */
@UserServiceIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class EndUserLoggingTests {

	@LocalGrpcServerPort
	int grpcPort;

	@LocalServerPort
	int httpPort;

	@Test
	void theEndUserIsLoggedNextToTheRequestIdAndCountedInNoMetric(CapturedOutput output) throws Exception {
		String endUser = "ada-" + UUID.randomUUID().toString().substring(0, 8);
		try (GrpcClients orderService = new GrpcClients(this.grpcPort,
				TestCredentials.orderServiceToken(List.of("SERVICE"), endUser))) {
			UserServiceGrpc.newBlockingStub(orderService.channel())
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(GrpcClients
					.metadata(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), "req-on-behalf")))
				.createUser(CreateUserRequest.newBuilder()
					.setEmail(endUser + "@example.com")
					.setDisplayName("On Behalf")
					.build());
		}

		assertThat(output.getAll()).contains("[req-on-behalf] [] [" + endUser + "]");
		HttpResponse<String> metrics = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(metrics.body()).contains("grpc_server").doesNotContain(endUser);
	}

}
