package com.acme.userservice.user.api;

import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ImportUsersRejection;
import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.acme.userservice.support.StatusAssertions.detail;
import static com.acme.userservice.support.TestUsers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

@UserServiceIntegrationTest
class ImportUsersTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	GrpcClients clients;

	@Test
	void createsTheValidItemsAndReportsEachRejectedItemByPosition() throws Exception {
		String taken = uniqueEmail();
		String first = uniqueEmail();
		String last = uniqueEmail();
		StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
		StreamObserver<ImportUsersRequest> items = this.clients.usersAsync().importUsers(response);
		items.onNext(item(taken, "Taken before the import"));
		items.onNext(item(first, "First"));
		items.onNext(item("not-an-email", "Bad email"));
		items.onNext(item(taken.toUpperCase(), "Same email again"));
		items.onNext(item(uniqueEmail(), ""));
		items.onNext(item("", ""));
		items.onNext(item(last, "Last"));
		items.onCompleted();

		assertThat(response.awaitClose().getCode()).isEqualTo(Status.Code.OK);
		ImportUsersResponse result = response.messages().get(0);
		assertThat(result.getCreatedCount()).isEqualTo(3);
		assertThat(result.getRejectionsList())
			.extracting(ImportUsersRejection::getIndex, ImportUsersRejection::getField)
			.containsExactly(tuple(2, "email"), tuple(3, "email"), tuple(4, "display_name"), tuple(5, "email"),
					tuple(5, "display_name"));
		assertThat(result.getRejections(1).getReason()).isEqualTo("email " + taken + " is already taken");
		assertThat(emailsStored(taken, first, last)).isEqualTo(3);
	}

	@Test
	void anEmptyImportCreatesNothing() throws Exception {
		StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
		this.clients.usersAsync().importUsers(response).onCompleted();

		assertThat(response.awaitClose().getCode()).isEqualTo(Status.Code.OK);
		assertThat(response.messages().get(0)).isEqualTo(ImportUsersResponse.getDefaultInstance());
	}

	@Test
	void itemsPastTheLimitEndTheCallWithResourceExhaustedAndKeepWhatWasCreated() throws Exception {
		// The test configuration allows 50 items per call.
		String firstEmail = uniqueEmail();
		StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
		StreamObserver<ImportUsersRequest> items = this.clients.usersAsync().importUsers(response);
		items.onNext(item(firstEmail, "Within the limit"));
		for (int i = 1; i < 60; i++) {
			items.onNext(item(uniqueEmail(), "Item " + i));
		}
		items.onCompleted();

		Status status = response.awaitClose();
		assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(status.getDescription()).contains("at most 50 users", "50 users created");
		ErrorInfo progress = detail(status.asRuntimeException(response.trailers()), ErrorInfo.class);
		assertThat(progress.getMetadataMap()).containsEntry("created_count", "50").containsEntry("failed_index", "50");
		assertThat(emailsStored(firstEmail)).isEqualTo(1);
	}

	@Test
	void importedUsersCanBeRead() throws Exception {
		String email = uniqueEmail();
		StreamRecorder<ImportUsersResponse> response = new StreamRecorder<>();
		StreamObserver<ImportUsersRequest> items = this.clients.usersAsync().importUsers(response);
		items.onNext(item(email, "Imported"));
		items.onCompleted();
		response.awaitClose();

		String id = this.jdbc.queryForObject("SELECT id FROM users WHERE email = ?", String.class, email);
		assertThat(this.clients.users().getUser(GetUserRequest.newBuilder().setId(id).build()).getUser().getEmail())
			.isEqualTo(email);
	}

	private int emailsStored(String... emails) {
		int stored = 0;
		for (String email : emails) {
			stored += this.jdbc.queryForObject("SELECT count(*) FROM users WHERE email = ?", Integer.class, email);
		}
		return stored;
	}

	private static ImportUsersRequest item(String email, String displayName) {
		return ImportUsersRequest.newBuilder().setEmail(email).setDisplayName(displayName).build();
	}

}
