package com.acme.stack.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.acme.stack.support.Http;
import com.acme.stack.support.ServicePair;
import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.process.Command;
import com.acme.testsupport.repository.Repository;
import com.acme.testsupport.tools.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client in another language calls OrderService as an end user:
 * {@code clients/node/order-client.mjs}, with ada's access token from the authorization
 * server's login flow, against both jars as processes.
 */
class NodeOrderClientTests {

	@TempDir
	Path work;

	@Test
	void aNodeClientCallsOrderServiceAsABuyer() {
		Path node = ExternalTool.require("node");
		ExternalTool.requireFile(Repository.file("node_modules/@grpc/grpc-js"), "run `npm ci` in the repository");
		ScriptCredentials credentials = ScriptCredentials.generate(this.work.resolve("credentials"));
		try (ServicePair services = ServicePair.in(this.work, credentials)
			.userService(Map.of(), "--acme.data-dir=" + this.work)
			.orderService(Map.of(), "--acme.data-dir=" + this.work)
			.start()) {
			// The administrator creates ada's user, as the README's walkthrough does.
			HttpResponse<String> ada = Http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + services.orderHttpPort() + "/api/users"))
					.header("Authorization", "Bearer " + SharedAuthServer.operatorToken())
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"email\":\"ada@example.com\",\"displayName\":\"Ada Lovelace\"}")));
			assertThat(ada.statusCode()).as(ada.body()).isEqualTo(201);
			String buyer = JsonMapper.shared().readTree(ada.body()).path("id").asString();

			Command.Result client = Command.run("node-order-client",
					List.of(node.toString(), "clients/node/order-client.mjs", "127.0.0.1:" + services.orderGrpcPort()),
					Repository.root(), Map.of("ORDER_SERVICE_TOKEN",
							SharedAuthServer.personToken("ada", "orders.read orders.write"), "BUYER_ID", buyer),
					Duration.ofSeconds(120));

			assertThat(client.succeeded()).as(client::describe).isTrue();
			assertThat(client.output()).contains("ok - CreateOrder for the buyer herself",
					"ok - CreateOrder for another user is PERMISSION_DENIED");
		}
	}

}
