package com.acme.userservice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.acme.testsupport.credentials.TestCredentials;
import com.acme.testsupport.process.Command;
import com.acme.testsupport.tools.ExternalTool;
import com.acme.userservice.support.UserServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client in another language, written from the .proto files alone, uses every kind of
 * call the contract offers it: Node's @grpc/grpc-js runs
 * {@code clients/node/user-client.mjs} against this service over TCP.
 */
@UserServiceIntegrationTest
class NodeClientTests {

	private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	@LocalGrpcServerPort
	int port;

	@Test
	void aNodeClientBuiltFromTheProtoFilesPassesEveryCheck() throws Exception {
		Path node = ExternalTool.require("node");
		ExternalTool.requireFile(REPOSITORY.resolve("node_modules/@grpc/grpc-js"), "run `npm ci` in the repository");

		Command.Result client = Command.run("node-client",
				List.of(node.toString(), "clients/node/user-client.mjs", "127.0.0.1:" + this.port), REPOSITORY,
				Map.of("USER_SERVICE_TOKEN", TestCredentials.token("node-client", List.of("SERVICE"))),
				Duration.ofSeconds(60));
		String output = client.output();

		assertThat(client.succeeded()).as(client::describe).isTrue();
		assertThat(output).as(client::describe)
			.contains("ok - GetUser without a service token is UNAUTHENTICATED",
					"ok - GetUser with 12 KiB of metadata is RESOURCE_EXHAUSTED (got 8: request metadata is",
					"ok - ValidateUsers answers can_order=true before the client half-closes", "all checks passed");
	}

}
