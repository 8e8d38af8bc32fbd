package com.acme.stack.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.acme.stack.reliability.RestClient.Answer;
import com.acme.stack.support.ServicePair;
import com.acme.stack.support.TcpProxy;
import com.acme.testsupport.credentials.ScriptCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Network faults between the two services, made by a {@link TcpProxy} that order-service
 * dials instead of user-service: connections reset mid-traffic, and a network that goes
 * silent. Both services run from their jars, on their embedded databases.
 */
class NetworkFaultTests {

	@TempDir
	static Path work;

	private static ServicePair services;

	private static TcpProxy network;

	private static RestClient rest;

	private static String buyer;

	@BeforeAll
	static void startBothBehindTheProxy() throws Exception {
		ScriptCredentials credentials = ScriptCredentials.generate(work.resolve("credentials"));
		AtomicInteger userGrpc = new AtomicInteger();
		network = TcpProxy.to(userGrpc::get);
		services = ServicePair.in(work, credentials)
			.userService(Map.of(), "--acme.data-dir=" + work)
			.orderService(Map.of(), "--acme.data-dir=" + work)
			.orderServiceTarget((port) -> {
				userGrpc.set(port);
				return "static://127.0.0.1:" + network.port();
			})
			.start();
		rest = new RestClient(services.orderHttpPort());
		Answer created = rest.post("/api/users",
				"{\"email\":\"net-" + UUID.randomUUID() + "@example.com\",\"displayName\":\"Networked\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		buyer = created.json().get("id").asString();
	}

	@AfterAll
	static void stop() {
		if (services != null) {
			services.close();
		}
		if (network != null) {
			network.close();
		}
	}

	@AfterEach
	void theNetworkWorksAgain() {
		network.forward();
		await("order-service reads through the network again").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> rest.get("/api/users/" + buyer).status() == 200);
	}

	@Test
	void connectionsResetUnderLoadAreReopenedAndReadsRetried() throws Exception {
		List<Answer> answers;
		try (SteadyLoad load = SteadyLoad.start(4, () -> rest.get("/api/users/" + buyer))) {
			for (int cut = 1; cut <= 3; cut++) {
				load.awaitMoreAnswers(50);
				network.cutAll();
			}
			load.awaitMoreAnswers(50);
			answers = load.stop();
		}
		// GetUser is retried on UNAVAILABLE (service config), so a reset mostly costs a
		// retry. Retry throttling may refuse the retry of a call that was in flight at a
		// cut (four clients, three cuts): that call answers an honest 503, before
		// GetUser's 2 s deadline (a call that waited for it would be a 504). Nothing else
		// fails.
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).as(answer.toString()).isIn(200, 503));
		assertThat(answers.stream().filter((answer) -> answer.status() == 503).count()).isLessThanOrEqualTo(3 * 4);
		assertThat(answers.stream().filter((answer) -> answer.status() == 200).count())
			.isGreaterThanOrEqualTo(answers.size() * 9L / 10);
	}

	@Test
	void aSilentNetworkFailsCallsAtTheirDeadlineAndRecoversWhenItForwardsAgain() {
		rest.get("/api/users/" + buyer);
		network.goSilent();

		Answer silent = rest.get("/api/users/" + buyer, "X-Request-Timeout", "1s");

		// Ended by its 1 s budget rather than left hanging on a connection that never
		// answers.
		assertThat(silent.status()).as(silent.toString()).isEqualTo(504);
		assertThat(silent.took()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		// Recovery (forwarding again, then a 200 within a bound) is checked after each
		// test.
	}

}
