package com.acme.stack.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.acme.stack.support.ServicePair;
import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.process.Command;
import com.acme.testsupport.repository.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short version of {@code scripts/soak}, run as a user runs it against both services
 * as processes on their embedded databases: 30 s at 40 requests/s after 10 s of warm-up,
 * with zero failed requests, and retained heap and live threads of each service grown by
 * at most 64 MB and 10 threads (the script's default bounds, which it enforces itself).
 */
class SoakTests {

	@TempDir
	Path work;

	@Test
	void aShortSoakHasNoErrorsAndNoGrowth() throws Exception {
		ScriptCredentials credentials = ScriptCredentials.generate(this.work.resolve("credentials"));
		String dataDir = "--acme.data-dir=" + this.work;
		try (ServicePair services = ServicePair.in(this.work, credentials)
			.userService(Map.of(), dataDir)
			.orderService(Map.of(), dataDir)
			.start()) {
			int orderHttp = services.orderHttpPort();
			int orderManagement = services.orderManagementPort();
			int userHttp = services.userHttpPort();

			Command.Result soak = Command.run("soak",
					List.of(Repository.file("scripts/soak").toString(), "--order-service",
							"http://127.0.0.1:" + orderHttp, "--order-service-actuator",
							"http://127.0.0.1:" + orderManagement, "--issuer", SharedAuthServer.server().issuer(),
							"--user-service-actuator", "http://127.0.0.1:" + userHttp, "--duration", "30s", "--warmup",
							"10s", "--rate", "40"),
					this.work, Map.of(), Duration.ofSeconds(180));
			String report = soak.output();
			System.out.println(report); // the soak's own report, kept in the test output

			assertThat(soak.succeeded()).as(soak::describe).isTrue();
			assertThat(report).contains("errors 0,", "soak passed");
		}
	}

}
