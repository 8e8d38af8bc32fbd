package com.acme.userservice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.User;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration users run first: no database settings at all. Data lives in an
 * embedded database under {@code acme.data-dir} and is still there after a restart.
 */
class EmbeddedDefaultTests {

	@TempDir
	Path dataDir;

	@Test
	void runsOnTheEmbeddedDatabaseAndKeepsDataAcrossRestarts() throws Exception {
		User created;
		try (ConfigurableApplicationContext first = start();
				GrpcClients clients = new GrpcClients(TestApplication.grpcPort(first))) {
			created = clients.users()
				.createUser(CreateUserRequest.newBuilder().setEmail("kept@example.com").setDisplayName("Kept").build())
				.getUser();
		}
		try (Stream<Path> files = Files.list(this.dataDir)) {
			assertThat(files).anyMatch((file) -> file.getFileName().toString().startsWith("user-service"));
		}

		try (ConfigurableApplicationContext second = start();
				GrpcClients clients = new GrpcClients(TestApplication.grpcPort(second))) {
			User read = clients.users().getUser(GetUserRequest.newBuilder().setId(created.getId()).build()).getUser();
			User later = clients.users()
				.createUser(
						CreateUserRequest.newBuilder().setEmail("later@example.com").setDisplayName("Later").build())
				.getUser();
			List<User> listed = new ArrayList<>();
			// A page size of 1 makes the keyset query run once per user on HSQLDB as well
			// as on PostgreSQL.
			clients.users()
				.listUsers(ListUsersRequest.getDefaultInstance())
				.forEachRemaining((response) -> listed.add(response.getUser()));

			assertThat(read).isEqualTo(created);
			assertThat(listed).containsExactly(created, later);
		}
	}

	private ConfigurableApplicationContext start() {
		return TestApplication.start(Map.of("acme.data-dir", this.dataDir, "acme.users.list-page-size", 1));
	}

}
