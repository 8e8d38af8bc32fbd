package com.acme.stack.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.acme.stack.support.Credentials;
import com.acme.stack.support.Repository;
import com.acme.stack.support.ServiceProcess;
import com.acme.userservice.support.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short version of {@code scripts/soak}, run as a user runs it against both services as
 * processes on their embedded databases: 30 s at 40 requests/s after 10 s of warm-up, with zero
 * failed requests, and retained heap and live threads of each service grown by at most 64 MB and
 * 10 threads (the script's default bounds, which it enforces itself).
 */
class SoakTests {

	private static final Duration STARTUP = Duration.ofSeconds(120);

	@TempDir
	Path work;

	@Test
	void aShortSoakHasNoErrorsAndNoGrowth() throws Exception {
		Credentials credentials = Credentials.generate(this.work.resolve("credentials"));
		int userGrpc = FreePort.next();
		int userHttp = FreePort.next();
		int orderHttp = FreePort.next();
		String dataDir = "--acme.data-dir=" + this.work;
		try (ServiceProcess userService = ServiceProcess.onLoopback("user-service", this.work, Map.of(), userGrpc,
				userHttp, credentials.directory(), dataDir);
				ServiceProcess orderService = ServiceProcess.onLoopback("order-service", this.work, Map.of(),
						FreePort.next(), orderHttp, credentials.directory(), dataDir,
						"--spring.grpc.client.channel.user-service.target=dns:///127.0.0.1:" + userGrpc)) {
			userService.awaitReady("http://127.0.0.1:" + userHttp + "/actuator/health/readiness", STARTUP);
			orderService.awaitReady("http://127.0.0.1:" + orderHttp + "/actuator/health/readiness", STARTUP);

			Process soak = new ProcessBuilder(Repository.file("scripts/soak").toString(), "--order-service",
					"http://127.0.0.1:" + orderHttp, "--user-service-actuator", "http://127.0.0.1:" + userHttp,
					"--duration", "30s", "--warmup", "10s", "--rate", "40")
				.redirectErrorStream(true)
				.start();
			boolean finished = soak.waitFor(180, TimeUnit.SECONDS);
			if (!finished) {
				soak.destroyForcibly();
			}
			String report = new String(soak.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			System.out.println(report); // the soak's own report, kept in the test output

			assertThat(finished).as(report).isTrue();
			assertThat(soak.exitValue()).as(report).isZero();
			assertThat(report).contains("errors 0,", "soak passed");
		}
	}

}
