package com.acme.userservice;

import com.acme.user.v1.CreateUserRequest;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.PostgresServer;
import com.acme.userservice.support.SharedPostgres;
import com.acme.userservice.support.TestUsers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code postgres} profile, which the docker-compose stack uses, connects with nothing but
 * the {@code POSTGRES_*} settings a container would get as environment variables.
 */
class PostgresProfileTests {

	@Test
	void thePostgresProfileConnectsWithThePostgresSettings() throws Exception {
		PostgresServer postgres = SharedPostgres.server();
		try (ConfigurableApplicationContext application = new SpringApplicationBuilder(UserServiceApplication.class)
			.profiles("postgres")
			.properties("POSTGRES_HOST=127.0.0.1", "POSTGRES_PORT=" + postgres.port(), "POSTGRES_DB=postgres",
					"POSTGRES_USER=" + postgres.username(), "POSTGRES_PASSWORD=", "spring.grpc.server.port=0",
					"spring.grpc.server.address=127.0.0.1", "server.port=0", "server.address=127.0.0.1")
			.run();
				GrpcClients clients = new GrpcClients(application.getBean(GrpcServerLifecycle.class).getPort())) {
			String email = TestUsers.uniqueEmail();
			clients.users()
				.createUser(CreateUserRequest.newBuilder().setEmail(email).setDisplayName("Profiled").build());

			assertThat(application.getEnvironment().getProperty("spring.datasource.url"))
				.isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres");
			assertThat(postgres.query("SELECT count(*) FROM users WHERE email = ?", email)).isEqualTo("1");
		}
	}

}
