package com.acme.userservice.user.api;

import java.util.UUID;

import com.acme.testsupport.ids.RandomUuid;
import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.UpdateUserStatusRequest;
import com.acme.user.v1.User;
import com.acme.user.v1.UserStatus;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.acme.userservice.support.StatusAssertions.callFails;
import static com.acme.userservice.support.StatusAssertions.detail;
import static com.acme.userservice.support.TestUsers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

@UserServiceIntegrationTest
class UnaryRpcTests {

	@Autowired
	GrpcClients clients;

	@Test
	void createUserReturnsAnActiveUserWithIdAndCreateTime() {
		String email = uniqueEmail();
		User user = create(email, "Ada Lovelace");

		assertThat(user.getId()).matches(RandomUuid.CANONICAL);
		assertThat(user.getEmail()).isEqualTo(email);
		assertThat(user.getDisplayName()).isEqualTo("Ada Lovelace");
		assertThat(user.getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
		assertThat(user.getCreateTime().getSeconds()).isPositive();
	}

	@Test
	void createUserTrimsAndLowerCasesTheEmail() {
		String email = uniqueEmail();
		User user = create("  " + email.toUpperCase() + " ", " Grace Hopper ");

		assertThat(user.getEmail()).isEqualTo(email);
		assertThat(user.getDisplayName()).isEqualTo("Grace Hopper");
	}

	@Test
	void createUserWithInvalidInputIsInvalidArgumentListingEveryBadField() throws Exception {
		StatusRuntimeException failure = callFails(() -> create("not-an-email", "   "));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		BadRequest badRequest = detail(failure, BadRequest.class);
		assertThat(badRequest.getFieldViolationsList()).extracting("field", "description")
			.containsExactly(tuple("email", "email is not a valid address"),
					tuple("display_name", "display_name is required"));
		assertThat(detail(failure, ErrorInfo.class).getReason()).isEqualTo("INVALID_ARGUMENT");
	}

	@Test
	void createUserWithBlankEmailIsInvalidArgument() throws Exception {
		StatusRuntimeException failure = callFails(() -> create("", "Someone"));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(detail(failure, BadRequest.class).getFieldViolations(0).getDescription())
			.isEqualTo("email is required");
	}

	@Test
	void createUserWithATakenEmailInAnyCaseIsAlreadyExists() throws Exception {
		String email = uniqueEmail();
		create(email, "First");

		StatusRuntimeException failure = callFails(() -> create(email.toUpperCase(), "Second"));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
		assertThat(detail(failure, ErrorInfo.class).getReason()).isEqualTo("EMAIL_ALREADY_TAKEN");
	}

	@Test
	void getUserReturnsTheStoredUser() {
		User created = create(uniqueEmail(), "Barbara Liskov");

		User read = this.clients.users().getUser(GetUserRequest.newBuilder().setId(created.getId()).build()).getUser();

		assertThat(read).isEqualTo(created);
	}

	@Test
	void getUserWithAnUnknownIdIsNotFound() throws Exception {
		String unknown = UUID.randomUUID().toString();

		StatusRuntimeException failure = callFails(
				() -> this.clients.users().getUser(GetUserRequest.newBuilder().setId(unknown).build()));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(failure.getStatus().getDescription()).contains(unknown);
		assertThat(detail(failure, ErrorInfo.class).getReason()).isEqualTo("USER_NOT_FOUND");
	}

	@Test
	void getUserWithABlankOrMalformedIdIsInvalidArgument() throws Exception {
		StatusRuntimeException blank = callFails(
				() -> this.clients.users().getUser(GetUserRequest.getDefaultInstance()));
		StatusRuntimeException malformed = callFails(
				() -> this.clients.users().getUser(GetUserRequest.newBuilder().setId("1-1-1-1-1").build()));

		assertThat(blank.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(detail(blank, BadRequest.class).getFieldViolations(0).getField()).isEqualTo("id");
		assertThat(malformed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(detail(malformed, BadRequest.class).getFieldViolations(0).getDescription())
			.isEqualTo("id must be a UUID");
	}

	@Test
	void updateUserStatusSuspendsAndReactivatesAUser() {
		User user = create(uniqueEmail(), "Edsger Dijkstra");

		User suspended = updateStatus(user.getId(), UserStatus.USER_STATUS_SUSPENDED);
		User suspendedAgain = updateStatus(user.getId(), UserStatus.USER_STATUS_SUSPENDED);
		User reactivated = updateStatus(user.getId(), UserStatus.USER_STATUS_ACTIVE);

		assertThat(suspended.getStatus()).isEqualTo(UserStatus.USER_STATUS_SUSPENDED);
		assertThat(suspendedAgain).isEqualTo(suspended);
		assertThat(reactivated.getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
		assertThat(reactivated.getCreateTime()).isEqualTo(user.getCreateTime());
	}

	@Test
	void updateUserStatusWithoutAStatusIsInvalidArgument() throws Exception {
		User user = create(uniqueEmail(), "Tony Hoare");

		StatusRuntimeException unspecified = callFails(
				() -> updateStatus(user.getId(), UserStatus.USER_STATUS_UNSPECIFIED));
		StatusRuntimeException unknownNumber = callFails(() -> this.clients.users()
			.updateUserStatus(UpdateUserStatusRequest.newBuilder().setId(user.getId()).setStatusValue(42).build()));

		for (StatusRuntimeException failure : new StatusRuntimeException[] { unspecified, unknownNumber }) {
			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(detail(failure, BadRequest.class).getFieldViolations(0).getField()).isEqualTo("status");
		}
	}

	@Test
	void updateUserStatusOfAnUnknownUserIsNotFound() {
		StatusRuntimeException failure = callFails(
				() -> updateStatus(UUID.randomUUID().toString(), UserStatus.USER_STATUS_SUSPENDED));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

	private User create(String email, String displayName) {
		return this.clients.users()
			.createUser(CreateUserRequest.newBuilder().setEmail(email).setDisplayName(displayName).build())
			.getUser();
	}

	private User updateStatus(String id, UserStatus status) {
		return this.clients.users()
			.updateUserStatus(UpdateUserStatusRequest.newBuilder().setId(id).setStatus(status).build())
			.getUser();
	}

}
