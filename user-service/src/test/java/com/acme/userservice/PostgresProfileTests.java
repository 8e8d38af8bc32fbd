package com.acme.userservice;

import java.util.Map;

import com.acme.testsupport.postgres.PostgresServer;
import com.acme.testsupport.postgres.SharedPostgres;
import com.acme.user.v1.CreateUserRequest;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.TestApplication;
import com.acme.userservice.support.TestUsers;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code postgres} profile, which the docker-compose stack uses, connects with
 * nothing but the {@code POSTGRES_*} settings a container would get as environment
 * variables.
 */
class PostgresProfileTests {

	@Test
	void thePostgresProfileConnectsWithThePostgresSettings() throws Exception {
		PostgresServer postgres = SharedPostgres.server();
		Map<String, Object> settings = Map.of("POSTGRES_HOST", "127.0.0.1", "POSTGRES_PORT", postgres.port(),
				"POSTGRES_DB", "postgres", "POSTGRES_USER", postgres.username(), "POSTGRES_PASSWORD", "");
		try (ConfigurableApplicationContext application = TestApplication.start(settings, "postgres");
				GrpcClients clients = new GrpcClients(TestApplication.grpcPort(application))) {
			String email = TestUsers.uniqueEmail();
			clients.users()
				.createUser(CreateUserRequest.newBuilder().setEmail(email).setDisplayName("Profiled").build());

			assertThat(application.getEnvironment().getProperty("spring.datasource.url"))
				.isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres?socketTimeout=30");
			assertThat(postgres.query("SELECT count(*) FROM users WHERE email = ?", email)).isEqualTo("1");
		}
	}

}
