package com.acme.userservice.user.api;

import java.util.UUID;

import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.UpdateUserStatusRequest;
import com.acme.user.v1.User;
import com.acme.user.v1.UserStatus;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.acme.userservice.support.TestUsers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

@UserServiceIntegrationTest
class ValidateUsersTests {

	@Autowired
	GrpcClients clients;

	@Test
	void answersEachRequestBeforeTheClientHalfCloses() throws Exception {
		User active = create();
		User other = create();
		StreamRecorder<ValidateUsersResponse> answers = new StreamRecorder<>();
		StreamObserver<ValidateUsersRequest> requests = this.clients.usersAsync().validateUsers(answers);

		requests.onNext(request(active.getId()));
		ValidateUsersResponse first = answers.awaitMessage(1);
		requests.onNext(request(other.getId()));
		ValidateUsersResponse second = answers.awaitMessage(2);

		// Both answers arrived while the client's side of the stream is still open.
		assertThat(answers.isClosed()).isFalse();
		assertThat(first.getUserId()).isEqualTo(active.getId());
		assertThat(first.getCanOrder()).isTrue();
		assertThat(first.getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
		assertThat(first.getReason()).isEmpty();
		assertThat(second.getUserId()).isEqualTo(other.getId());

		requests.onCompleted();
		assertThat(answers.awaitClose().getCode()).isEqualTo(Status.Code.OK);
	}

	@Test
	void refusesSuspendedUnknownAndMalformedIdsWithoutFailingTheStream() throws Exception {
		User suspended = create();
		this.clients.users()
			.updateUserStatus(UpdateUserStatusRequest.newBuilder()
				.setId(suspended.getId())
				.setStatus(UserStatus.USER_STATUS_SUSPENDED)
				.build());
		String unknown = UUID.randomUUID().toString();
		StreamRecorder<ValidateUsersResponse> answers = new StreamRecorder<>();
		StreamObserver<ValidateUsersRequest> requests = this.clients.usersAsync().validateUsers(answers);

		requests.onNext(request(suspended.getId()));
		requests.onNext(request(unknown));
		requests.onNext(request("not-a-uuid"));
		requests.onNext(request(""));
		requests.onCompleted();

		assertThat(answers.awaitClose().getCode()).isEqualTo(Status.Code.OK);
		assertThat(answers.messages()).extracting(ValidateUsersResponse::getUserId)
			.containsExactly(suspended.getId(), unknown, "not-a-uuid", "");
		assertThat(answers.messages()).noneMatch(ValidateUsersResponse::getCanOrder);
		assertThat(answers.messages()).extracting(ValidateUsersResponse::getStatus)
			.containsExactly(UserStatus.USER_STATUS_SUSPENDED, UserStatus.USER_STATUS_UNSPECIFIED,
					UserStatus.USER_STATUS_UNSPECIFIED, UserStatus.USER_STATUS_UNSPECIFIED);
		assertThat(answers.messages()).extracting(ValidateUsersResponse::getReason)
			.containsExactly("user is suspended", "user not found", "user_id must be a UUID", "user_id is required");
	}

	@Test
	void answersManyRequestsInOrder() throws Exception {
		User active = create();
		StreamRecorder<ValidateUsersResponse> answers = new StreamRecorder<>();
		StreamObserver<ValidateUsersRequest> requests = this.clients.usersAsync().validateUsers(answers);
		for (int i = 0; i < 2_000; i++) {
			requests.onNext(request((i % 2 == 0) ? active.getId() : "bad-" + i));
		}
		requests.onCompleted();

		assertThat(answers.awaitClose().getCode()).isEqualTo(Status.Code.OK);
		assertThat(answers.messages()).hasSize(2_000);
		for (int i = 0; i < 2_000; i++) {
			assertThat(answers.messages().get(i).getCanOrder()).isEqualTo(i % 2 == 0);
		}
	}

	private User create() {
		return this.clients.users()
			.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setDisplayName("Validated").build())
			.getUser();
	}

	private static ValidateUsersRequest request(String userId) {
		return ValidateUsersRequest.newBuilder().setUserId(userId).build();
	}

}
