package com.acme.userservice.interop;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.acme.testsupport.credentials.TestCredentials;
import com.acme.testsupport.process.Command;
import com.acme.userservice.support.UserServiceIntegrationTest;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.testing.integration.TestServiceImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gRPC interop conformance: grpc-java's own interop client ({@code TestServiceClient},
 * run as a separate JVM, as any foreign client would be) against grpc-java's interop
 * {@code TestService} served by this application, with everything user-service's server
 * has: its interceptors (request id, metrics, metadata limit, caller authentication: the
 * client sends a service token through {@code --additional_metadata}), its message and
 * connection limits, keepalive policy, executor and request parsing.
 *
 * <p>
 * Every test case that applies to a plaintext server without Google credentials runs. The
 * compression cases are the {@code _noprobe} ones (the probing variants are for C++
 * servers). Not applicable: {@code cacheable_unary} (needs a caching proxy; TestService
 * leaves it unimplemented), {@code very_large_request} (10 MB, over this server's 4 MB
 * limit, which answers it with RESOURCE_EXHAUSTED as it should), the soak and ORCA cases,
 * and the ones that need Google credentials.
 */
@UserServiceIntegrationTest
@Import(InteropTests.InteropService.class)
class InteropTests {

	@LocalGrpcServerPort
	int port;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "empty_unary", "large_unary", "client_compressed_unary_noprobe", "server_compressed_unary",
			"client_streaming", "client_compressed_streaming_noprobe", "server_streaming",
			"server_compressed_streaming", "ping_pong", "empty_stream", "custom_metadata", "status_code_and_message",
			"special_status_message", "unimplemented_method", "unimplemented_service", "cancel_after_begin",
			"cancel_after_first_response", "timeout_on_sleeping_server", "pick_first_unary" })
	void interopTestCasePasses(String testCase) throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		String token = TestCredentials.token("interop-client", List.of("SERVICE"));
		// This JVM's test classpath, plus grpc-census, which only the client needs (see
		// pom.xml).
		String classpath = System.getProperty("java.class.path") + File.pathSeparator
				+ System.getProperty("interop.census.jar");
		Command.Result client = Command.run("interop-" + testCase,
				List.of(java.toString(), "-cp", classpath, "io.grpc.testing.integration.TestServiceClient",
						"--server_host=127.0.0.1", "--server_port=" + this.port, "--use_tls=false",
						"--test_case=" + testCase, "--additional_metadata=authorization:Bearer " + token),
				Path.of("."), Map.of(), Duration.ofSeconds(120));

		assertThat(client.succeeded()).as(client::describe).isTrue();
		assertThat(client.output()).as(client::describe).contains("Test completed.");
	}

	/**
	 * The interop service, with the header-echo interceptors its test cases check, as a
	 * bean.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class InteropService {

		@Bean(destroyMethod = "shutdownNow")
		ScheduledExecutorService interopExecutor() {
			return Executors.newScheduledThreadPool(2);
		}

		@Bean
		BindableService interopTestService(ScheduledExecutorService interopExecutor) {
			return () -> ServerInterceptors.intercept(new TestServiceImpl(interopExecutor),
					TestServiceImpl.interceptors());
		}

	}

}
