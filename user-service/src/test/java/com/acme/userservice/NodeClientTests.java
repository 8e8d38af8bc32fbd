package com.acme.userservice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.acme.userservice.support.ExternalTool;
import com.acme.userservice.support.TestCredentials;
import com.acme.userservice.support.UserServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client in another language, written from the .proto files alone, uses every kind of call
 * the contract offers it: Node's @grpc/grpc-js runs {@code clients/node/user-client.mjs} against
 * this service over TCP.
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

		ProcessBuilder builder = new ProcessBuilder(node.toString(), "clients/node/user-client.mjs",
				"127.0.0.1:" + this.port)
			.directory(REPOSITORY.toFile())
			.redirectErrorStream(true);
		builder.environment().put("USER_SERVICE_TOKEN", TestCredentials.token("node-client", List.of("SERVICE")));
		Process client = builder.start();
		boolean finished = client.waitFor(60, TimeUnit.SECONDS);
		if (!finished) {
			client.destroyForcibly();
		}
		String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(finished).as("node client finished within 60 s").isTrue();
		assertThat(client.exitValue()).as(output).isZero();
		assertThat(output).contains("ok - GetUser without a service token is UNAUTHENTICATED",
				"ok - GetUser with 12 KiB of metadata is RESOURCE_EXHAUSTED (got 8: request metadata is",
				"ok - ValidateUsers answers can_order=true before the client half-closes",
				"all checks passed");
	}

}
