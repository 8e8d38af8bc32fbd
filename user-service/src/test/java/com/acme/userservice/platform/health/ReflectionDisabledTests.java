package com.acme.userservice.platform.health;

import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.testsupport.postgres.SharedPostgres;
import com.acme.userservice.support.GrpcClients;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reflection lets anyone list and download the API; production may want it off.
 */
@SpringBootTest(properties = "spring.grpc.server.reflection.enabled=false")
@ContextConfiguration(initializers = SharedPostgres.class)
class ReflectionDisabledTests {

	@LocalGrpcServerPort
	int port;

	@Test
	void reflectionCanBeTurnedOffByAProperty() throws Exception {
		try (GrpcClients clients = new GrpcClients(this.port)) {
			StreamRecorder<ServerReflectionResponse> responses = new StreamRecorder<>();
			ServerReflectionGrpc.newStub(clients.channel())
				.serverReflectionInfo(responses)
				.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());

			assertThat(responses.awaitClose().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
		}
	}

}
