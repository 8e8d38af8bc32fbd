package com.acme.userservice.platform.metadata;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.testsupport.ids.RandomUuid;
import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@UserServiceIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class RequestIdTests {

	private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	@Autowired
	GrpcClients clients;

	AtomicReference<Metadata> headers = new AtomicReference<>();

	AtomicReference<Metadata> trailers = new AtomicReference<>();

	@Test
	void echoesTheCallersRequestIdInTheResponseHeaders() {
		stub("req-42").createUser(newUser());

		assertThat(this.headers.get().get(REQUEST_ID)).isEqualTo("req-42");
	}

	@Test
	void returnsTheRequestIdInTheTrailersWhenTheCallFailsBeforeAnyHeader() {
		catchThrowableOfType(StatusRuntimeException.class, () -> stub("req-failing")
			.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));

		assertThat(this.trailers.get().get(REQUEST_ID)).isEqualTo("req-failing");
	}

	@Test
	void generatesARequestIdWhenTheCallerSentNone() {
		stub(null).createUser(newUser());

		assertThat(this.headers.get().get(REQUEST_ID)).matches(RandomUuid.CANONICAL);
	}

	@Test
	void replacesARequestIdThatCouldForgeLogLines() {
		stub("ok\" injected=\"yes").createUser(newUser());

		String echoed = this.headers.get().get(REQUEST_ID);
		assertThat(echoed).doesNotContain("injected");
		assertThat(echoed).matches(RandomUuid.CANONICAL);
	}

	@Test
	void logLinesOfStreamingCallbacksCarryTheRequestId(CapturedOutput output) throws Exception {
		StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
		StreamObserver<ImportUsersRequest> items = UserServiceGrpc.newStub(this.clients.channel())
			.withInterceptors(
					MetadataUtils.newAttachHeadersInterceptor(GrpcClients.metadata(REQUEST_ID, "req-streaming")))
			.importUsers(response);
		for (int i = 0; i < 3; i++) {
			items.onNext(ImportUsersRequest.newBuilder()
				.setEmail("stream-" + UUID.randomUUID() + "@example.com")
				.setDisplayName("Streamed " + i)
				.build());
		}
		items.onCompleted();
		response.awaitClose();

		// Each item is handled in its own callback, possibly on another executor thread;
		// every line logged for the call carries its id, and only the handler threads log
		// them.
		assertThat(output.getOut().lines().filter((line) -> line.contains("Created user"))).hasSize(3)
			.allSatisfy((line) -> assertThat(line).contains("[req-streaming]").contains("grpc-server-"));
		assertThat(output.getOut()).containsPattern("\\[req-streaming\\] .*ImportUsers completed: 3 items");
	}

	private static CreateUserRequest newUser() {
		return CreateUserRequest.newBuilder()
			.setEmail("rid-" + UUID.randomUUID() + "@example.com")
			.setDisplayName("Request id")
			.build();
	}

	private UserServiceGrpc.UserServiceBlockingStub stub(String requestId) {
		UserServiceGrpc.UserServiceBlockingStub stub = this.clients.users()
			.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(this.headers, this.trailers));
		return (requestId != null) ? stub.withInterceptors(
				MetadataUtils.newAttachHeadersInterceptor(GrpcClients.metadata(REQUEST_ID, requestId))) : stub;
	}

}
