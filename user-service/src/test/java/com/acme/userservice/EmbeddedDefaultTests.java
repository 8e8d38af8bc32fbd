package com.acme.userservice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.User;
import com.acme.userservice.support.GrpcClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration users run first: no database settings at all. Data lives in an embedded
 * database under {@code acme.data-dir} and is still there after a restart.
 */
class EmbeddedDefaultTests {

	@TempDir
	Path dataDir;

	@Test
	void runsOnTheEmbeddedDatabaseAndKeepsDataAcrossRestarts() throws Exception {
		User created;
		try (ConfigurableApplicationContext first = start(); GrpcClients clients = new GrpcClients(port(first))) {
			created = clients.users()
				.createUser(CreateUserRequest.newBuilder().setEmail("kept@example.com").setDisplayName("Kept").build())
				.getUser();
		}
		assertThat(Files.list(this.dataDir)).anyMatch((file) -> file.getFileName().toString().startsWith("user-service"));

		try (ConfigurableApplicationContext second = start(); GrpcClients clients = new GrpcClients(port(second))) {
			User read = clients.users().getUser(GetUserRequest.newBuilder().setId(created.getId()).build()).getUser();
			User later = clients.users()
				.createUser(CreateUserRequest.newBuilder().setEmail("later@example.com").setDisplayName("Later").build())
				.getUser();
			List<User> listed = new ArrayList<>();
			// A page size of 1 makes the keyset query run once per user on H2 as well as on PostgreSQL.
			clients.users()
				.listUsers(ListUsersRequest.getDefaultInstance())
				.forEachRemaining((response) -> listed.add(response.getUser()));

			assertThat(read).isEqualTo(created);
			assertThat(listed).containsExactly(created, later);
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(UserServiceApplication.class)
			.properties("acme.data-dir=" + this.dataDir, "spring.grpc.server.port=0",
					"spring.grpc.server.address=127.0.0.1", "server.port=0", "server.address=127.0.0.1",
					"acme.users.list-page-size=1")
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(GrpcServerLifecycle.class).getPort();
	}

}
