package com.acme.userservice.platform.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.acme.userservice.support.StatusAssertions.callFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@UserServiceIntegrationTest
class GrpcHealthTests {

	@Autowired
	GrpcClients clients;

	@Test
	void checkAnswersServingForTheServerAndForUserService() {
		await().atMost(Duration.ofSeconds(10)).until(() -> check("") == ServingStatus.SERVING);
		assertThat(check("acme.user.v1.UserService")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void checkOfAnUnknownServiceIsNotFound() {
		assertThat(callFails(() -> check("acme.nothing.v1.NothingService")).getStatus().getCode())
			.isEqualTo(Status.Code.NOT_FOUND);
	}

	@Test
	void watchSendsTheCurrentStatusAndStaysOpen() {
		StreamRecorder<HealthCheckResponse> watch = new StreamRecorder<>();
		Context.CancellableContext watching = Context.current().withCancellation();
		try {
			watching.run(() -> HealthGrpc.newStub(this.clients.channel())
				.watch(HealthCheckRequest.newBuilder().setService("acme.user.v1.UserService").build(), watch));

			assertThat(watch.awaitMessage(1).getStatus()).isEqualTo(ServingStatus.SERVING);
			// Still open after more than one of the server's health updates (every 2 s).
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !watch.isClosed());
		}
		finally {
			watching.cancel(null);
		}
	}

	@Test
	void reflectionListsTheServicesAndServesTheirProtoFiles() throws Exception {
		List<ServerReflectionResponse> responses = reflect(
				ServerReflectionRequest.newBuilder().setListServices("").build(),
				ServerReflectionRequest.newBuilder().setFileContainingSymbol("acme.user.v1.UserService").build());

		assertThat(responses.get(0).getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
			.contains("acme.user.v1.UserService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");
		List<String> files = new ArrayList<>();
		for (var bytes : responses.get(1).getFileDescriptorResponse().getFileDescriptorProtoList()) {
			files.add(com.google.protobuf.DescriptorProtos.FileDescriptorProto.parseFrom(bytes).getName());
		}
		assertThat(files).contains("acme/user/v1/user_service.proto");
	}

	private ServingStatus check(String service) {
		return HealthGrpc.newBlockingStub(this.clients.channel())
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	private List<ServerReflectionResponse> reflect(ServerReflectionRequest... requests) throws Exception {
		StreamRecorder<ServerReflectionResponse> responses = new StreamRecorder<>();
		StreamObserver<ServerReflectionRequest> stream = ServerReflectionGrpc.newStub(this.clients.channel())
			.serverReflectionInfo(responses);
		for (ServerReflectionRequest request : requests) {
			stream.onNext(request);
		}
		stream.onCompleted();
		assertThat(responses.awaitClose().getCode()).isEqualTo(Status.Code.OK);
		return responses.messages();
	}

}
