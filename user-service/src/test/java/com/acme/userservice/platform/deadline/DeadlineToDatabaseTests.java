package com.acme.userservice.platform.deadline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.UpdateUserStatusRequest;
import com.acme.user.v1.User;
import com.acme.user.v1.UserStatus;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static com.acme.userservice.support.StatusAssertions.callFails;
import static com.acme.userservice.support.TestUsers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The caller's deadline reaches the database ({@link DeadlineJdbcTemplate}): a statement
 * blocked there ends about when its call does, not at the query timeout. The query
 * timeout is raised to 60 s here so that the two cannot be confused on a slow machine:
 * the call has 4 s.
 */
@UserServiceIntegrationTest
@TestPropertySource(properties = "spring.jdbc.template.query-timeout=60s")
class DeadlineToDatabaseTests {

	@Autowired
	GrpcClients clients;

	@Autowired
	DataSource dataSource;

	@Test
	void aStatementBlockedInTheDatabaseIsCancelledAtTheCallsDeadline() throws Exception {
		User user = this.clients.users()
			.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setDisplayName("Locked").build())
			.getUser();
		JdbcTemplate monitor = new JdbcTemplate(this.dataSource);
		try (Connection lock = this.dataSource.getConnection()) {
			// Another transaction holds the row: user-service's UPDATE waits for it.
			lock.setAutoCommit(false);
			try (PreparedStatement select = lock.prepareStatement("SELECT id FROM users WHERE id = ? FOR UPDATE")) {
				select.setObject(1, UUID.fromString(user.getId()));
				select.executeQuery().close();
			}
			CompletableFuture<StatusRuntimeException> call = CompletableFuture
				.supplyAsync(() -> callFails(() -> this.clients.users()
					.withDeadlineAfter(4, TimeUnit.SECONDS)
					.updateUserStatus(UpdateUserStatusRequest.newBuilder()
						.setId(user.getId())
						.setStatus(UserStatus.USER_STATUS_SUSPENDED)
						.build())));
			// Seen waiting in the database: the call's deadline did not stop it before it
			// was sent.
			await("the UPDATE waits for the row lock").atMost(Duration.ofSeconds(30))
				.until(() -> waitingUpdates(monitor) == 1);
			StatusRuntimeException failure = call.get(30, TimeUnit.SECONDS);

			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
			// The lock is still held: only a cancellation ends the UPDATE, and the 60 s
			// query timeout cannot be the one within these 30 s.
			await("the blocked UPDATE is cancelled").atMost(Duration.ofSeconds(30))
				.until(() -> waitingUpdates(monitor) == 0);
			lock.rollback();
		}
		assertThat(this.clients.users()
			.updateUserStatus(UpdateUserStatusRequest.newBuilder()
				.setId(user.getId())
				.setStatus(UserStatus.USER_STATUS_SUSPENDED)
				.build())
			.getUser()
			.getStatus()).isEqualTo(UserStatus.USER_STATUS_SUSPENDED);
	}

	private static int waitingUpdates(JdbcTemplate monitor) {
		return monitor.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
				+ " AND query LIKE 'UPDATE users SET status%'", Integer.class);
	}

}
