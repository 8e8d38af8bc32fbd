package com.acme.userservice.grpc.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.test.context.TestPropertySource;

import static com.acme.userservice.support.StatusAssertions.callFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-connection limits set through {@link ConnectionLimits}, lowered here so that a
 * test can reach them, on a real Netty port.
 */
@UserServiceIntegrationTest
@TestPropertySource(properties = { "acme.grpc.server.limits.max-concurrent-calls-per-connection=4",
		"acme.grpc.server.limits.max-rst-frames-per-window=20", "acme.grpc.server.limits.rst-frames-window=60s" })
class ConnectionLimitsTests {

	@LocalGrpcServerPort
	int port;

	@Test
	void callsBeyondTheConcurrentLimitWaitForAFreeStream() throws Exception {
		try (GrpcClients crowded = new GrpcClients(this.port); GrpcClients other = new GrpcClients(this.port)) {
			List<ClientCallStreamObserver<ValidateUsersRequest>> open = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				open.add(openStream(crowded));
			}

			Status.Code waited = getUser(crowded, 1);
			Status.Code otherConnection = getUser(other, 10);
			open.remove(0).onCompleted();
			Status.Code afterOneEnded = getUser(crowded, 10);

			assertThat(waited).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
			assertThat(otherConnection).isEqualTo(Status.Code.NOT_FOUND);
			assertThat(afterOneEnded).isEqualTo(Status.Code.NOT_FOUND);
			open.forEach(StreamObserver::onCompleted);
		}
	}

	@Test
	void aConnectionThatResetsStreamsTooFastIsClosed() throws Exception {
		try (GrpcClients abusive = new GrpcClients(this.port); GrpcClients other = new GrpcClients(this.port)) {
			StreamRecorder<ValidateUsersResponse> bystander = new StreamRecorder<>();
			ClientCallStreamObserver<ValidateUsersRequest> held = (ClientCallStreamObserver<ValidateUsersRequest>) abusive
				.usersAsync()
				.validateUsers(bystander);
			held.onNext(ValidateUsersRequest.newBuilder().setUserId(UUID.randomUUID().toString()).build());
			bystander.awaitMessage(1);

			// Each stream is open on the server (it answered) before the client resets
			// it.
			int resets = 0;
			while (resets < 40 && !bystander.isClosed()) {
				try {
					openStream(abusive).cancel("reset on purpose", null);
					resets++;
				}
				catch (org.awaitility.core.ConditionTimeoutException ex) {
					break; // the server closed the connection under this stream
				}
			}

			// Without the limit the connection would live on and this would time out.
			Status closed = bystander.awaitClose();
			assertThat(resets).as("resets sent before the connection was closed").isGreaterThanOrEqualTo(20);
			// grpc-java reports GOAWAY ENHANCE_YOUR_CALM to the calls it cuts as
			// RESOURCE_EXHAUSTED. When the client is still sending as the server closes,
			// the server's kernel answers with a TCP reset, and a client that had not yet
			// read the GOAWAY loses it: the same cut then reads as UNAVAILABLE (seen on a
			// loaded 2-core machine).
			assertThat(closed.getCode()).isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNAVAILABLE);
			if (closed.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
				assertThat(closed.getDescription()).contains("ENHANCE_YOUR_CALM").contains("too_many_rststreams");
			}
			assertThat(getUser(other, 10)).isEqualTo(Status.Code.NOT_FOUND);
		}
	}

	private static ClientCallStreamObserver<ValidateUsersRequest> openStream(GrpcClients clients) {
		StreamRecorder<ValidateUsersResponse> answers = new StreamRecorder<>();
		ClientCallStreamObserver<ValidateUsersRequest> requests = (ClientCallStreamObserver<ValidateUsersRequest>) clients
			.usersAsync()
			.validateUsers(answers);
		requests.onNext(ValidateUsersRequest.newBuilder().setUserId(UUID.randomUUID().toString()).build());
		answers.awaitMessage(1);
		return requests;
	}

	/**
	 * How a GetUser for an id nobody has ends: NOT_FOUND whenever the server answers at
	 * all.
	 */
	private static Status.Code getUser(GrpcClients clients, int seconds) {
		GetUserRequest unknown = GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build();
		return callFails(() -> UserServiceGrpc.newBlockingStub(clients.channel())
			.withDeadlineAfter(seconds, TimeUnit.SECONDS)
			.getUser(unknown)).getStatus().getCode();
	}

}
