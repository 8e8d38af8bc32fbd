package com.acme.userservice.user.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.ListUsersResponse;
import com.acme.user.v1.UserStatus;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.TestUsers;
import com.acme.userservice.support.UserServiceIntegrationTest;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.acme.userservice.support.StatusAssertions.callFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@UserServiceIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ListUsersTests {

	private static final Pattern CANCELLED_AFTER = Pattern
		.compile("\\[(\\S+)\\] .*ListUsers cancelled by the client after (\\d+) users");

	@Autowired
	JdbcTemplate jdbc;

	TestUsers users;

	@Autowired
	GrpcClients clients;

	@BeforeEach
	void setUp() {
		this.users = new TestUsers(this.jdbc);
		this.users.deleteAll();
	}

	@Test
	void streamsEveryUserOldestFirstAcrossDatabasePages() {
		// 250 users are three database pages of 100.
		List<UUID> active = this.users.insert(150, com.acme.userservice.user.UserStatus.ACTIVE);
		List<UUID> suspended = this.users.insert(100, com.acme.userservice.user.UserStatus.SUSPENDED);
		List<UUID> all = new ArrayList<>(active);
		all.addAll(suspended);

		assertThat(listIds(UserStatus.USER_STATUS_UNSPECIFIED)).containsExactlyElementsOf(all);
	}

	@Test
	void filtersByStatus() {
		List<UUID> active = this.users.insert(120, com.acme.userservice.user.UserStatus.ACTIVE);
		List<UUID> suspended = this.users.insert(30, com.acme.userservice.user.UserStatus.SUSPENDED);

		assertThat(listIds(UserStatus.USER_STATUS_ACTIVE)).containsExactlyElementsOf(active);
		assertThat(listIds(UserStatus.USER_STATUS_SUSPENDED)).containsExactlyElementsOf(suspended);
	}

	@Test
	void aBrokenStreamResumesAfterTheLastUserReceived() throws Exception {
		List<UUID> all = this.users.insert(250, com.acme.userservice.user.UserStatus.ACTIVE);
		List<UUID> firstPart = new ArrayList<>();
		Context.CancellableContext broken = Context.current().withCancellation();
		broken.run(() -> {
			Iterator<ListUsersResponse> stream = this.clients.users().listUsers(ListUsersRequest.getDefaultInstance());
			while (firstPart.size() < 120) {
				firstPart.add(UUID.fromString(stream.next().getUser().getId()));
			}
		});
		broken.cancel(null);

		List<UUID> rest = new ArrayList<>();
		this.clients.users()
			.listUsers(ListUsersRequest.newBuilder().setStartAfterId(firstPart.get(119).toString()).build())
			.forEachRemaining((response) -> rest.add(UUID.fromString(response.getUser().getId())));

		assertThat(firstPart).containsExactlyElementsOf(all.subList(0, 120));
		assertThat(rest).containsExactlyElementsOf(all.subList(120, 250));
	}

	@Test
	void resumingAfterAnUnknownOrMalformedIdFailsClearly() {
		StatusRuntimeException unknown = callFails(() -> this.clients.users()
			.listUsers(ListUsersRequest.newBuilder().setStartAfterId(UUID.randomUUID().toString()).build())
			.hasNext());
		StatusRuntimeException malformed = callFails(() -> this.clients.users()
			.listUsers(ListUsersRequest.newBuilder().setStartAfterId("last-one").build())
			.hasNext());

		assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(malformed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(malformed.getStatus().getDescription()).contains("start_after_id");
	}

	@Test
	void anEmptyTableIsAnEmptyStream() {
		assertThat(listIds(UserStatus.USER_STATUS_UNSPECIFIED)).isEmpty();
	}

	@Test
	void anUnknownStatusNumberIsInvalidArgument() {
		StatusRuntimeException failure = callFails(() -> this.clients.users()
			.listUsers(ListUsersRequest.newBuilder().setStatusValue(7).build())
			.hasNext());

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
	}

	@Test
	void cancellingMidStreamStopsTheServerReading(CapturedOutput output) throws Exception {
		int total = 20_000; // about 2 MB of messages: more than HTTP/2 lets the server
							// send unread
		this.users.insert(total, com.acme.userservice.user.UserStatus.ACTIVE);

		Context.CancellableContext call = Context.current().withCancellation();
		int received = call.call(() -> {
			Iterator<ListUsersResponse> stream = this.clients.users().listUsers(ListUsersRequest.getDefaultInstance());
			int read = 0;
			while (read < 10 && stream.hasNext()) {
				stream.next();
				read++;
			}
			return read;
		});
		call.cancel(null);

		assertThat(received).isEqualTo(10);
		// The handler sees the cancellation and stops: it reports how far it got, which
		// is far from the end because it only ever sends what the client's flow-control
		// window allows.
		MatchResult cancellation = await().atMost(Duration.ofSeconds(5))
			.until(() -> cancellationIn(output.getOut()), Objects::nonNull);
		assertThat(Integer.parseInt(cancellation.group(2))).isBetween(10, total / 2);
		// Only this call's lines: another test's server may still be logging.
		String thisCall = "[" + cancellation.group(1) + "]";
		assertThat(output.getOut().lines().filter((line) -> line.contains(thisCall)))
			.noneMatch((line) -> line.contains("ListUsers completed"));
	}

	private List<UUID> listIds(UserStatus status) {
		List<UUID> ids = new ArrayList<>();
		this.clients.users()
			.listUsers(ListUsersRequest.newBuilder().setStatus(status).build())
			.forEachRemaining((response) -> ids.add(UUID.fromString(response.getUser().getId())));
		return ids;
	}

	/**
	 * The server's "cancelled after N users" line: group 1 is the request id, group 2 is
	 * N.
	 */
	private static MatchResult cancellationIn(String log) {
		Matcher matcher = CANCELLED_AFTER.matcher(log);
		return matcher.find() ? matcher.toMatchResult() : null;
	}

}
