package com.acme.stack.compose;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.repository.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be started on the build machines (no Docker engine), so it is
 * kept correct by construction: every port, target, profile, variable and file it names
 * is checked here against the services' application.yml, the Prometheus and Grafana files
 * and the repo.
 */
class ComposeFileTests {

	/**
	 * Where scripts/gen-credentials puts the stack's keys and certificates (never
	 * committed).
	 */
	private static final String CREDENTIALS_SOURCE = "./docker/credentials/";

	private static final String CREDENTIALS_FILE = "file:${acme.credentials-dir}/";

	private final ComposeFile compose = ComposeFile.load();

	private final SpringConfig userService = SpringConfig.of("user-service",
			this.compose.environment("user-service").get("SPRING_PROFILES_ACTIVE"));

	private final SpringConfig orderService = SpringConfig.of("order-service",
			this.compose.environment("order-service").get("SPRING_PROFILES_ACTIVE"));

	@Test
	void theStackHasEveryPartAndEachIsHealthCheckedAndMemoryLimited() {
		assertThat(this.compose.services()).containsOnlyKeys("postgres", "user-service", "order-service", "auth-server",
				"prometheus", "zipkin", "grafana");
		this.compose.services().forEach((name, service) -> {
			assertThat(this.compose.healthcheck(name)).as(name + " healthcheck").isNotBlank();
			assertThat(this.compose.string(name, "deploy", "resources", "limits", "memory")).as(name + " memory limit")
				.matches("\\d+[MG]");
		});
	}

	@Test
	void servicesBuildFromTheRepositoryDockerfileWithTheWrapperAsNonRootLayeredImages() throws IOException {
		String dockerfile = Files.readString(Repository.file("Dockerfile"));
		assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count()).as("multi-stage")
			.isGreaterThanOrEqualTo(2);
		assertThat(dockerfile).contains("./mvnw ", "-Djarmode=tools", "extract --layers --launcher",
				"COPY docker/http-ok", "MaxRAMPercentage", "JarLauncher");
		assertThat(Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile).results().map((m) -> m.group(1)))
			.singleElement()
			.isNotIn("root", "0");
		for (String service : List.of("user-service", "order-service", "auth-server")) {
			assertThat(this.compose.string(service, "build", "context")).isEqualTo(".");
			assertThat(this.compose.string(service, "build", "args", "SERVICE")).isEqualTo(service);
			Repository.file(service + "/pom.xml");
		}
	}

	@Test
	void userServiceRunsTwoReplicasThatOrderServiceBalancesOverByDns() {
		assertThat(this.compose.string("user-service", "deploy", "replicas")).isEqualTo("2");
		// Replicas cannot share a container name or a host port.
		assertThat(this.compose.service("user-service")).doesNotContainKeys("container_name", "ports");
		Map<String, String> environment = this.compose.environment("order-service");
		String grpcPort = this.userService.get("spring.grpc.server.port");
		assertThat(this.orderService.resolved("spring.grpc.client.channel.user-service.target", environment))
			.isEqualTo("dns:///user-service:" + grpcPort);
		assertThat(this.orderService.get("spring.grpc.client.channel.user-service.default.load-balancing-policy"))
			.isEqualTo("round_robin");
		assertThat(this.orderService.get("spring.grpc.client.channel.user-service.health.enabled")).isEqualTo("true");
	}

	@Test
	void eachServiceGetsItsOwnDatabaseThroughThePostgresProfile() throws IOException {
		String initScript = Files.readString(Repository.file("docker/postgres/create-databases.sh"));
		assertThat(this.compose.volumes("postgres"))
			.contains("./docker/postgres/create-databases.sh:/docker-entrypoint-initdb.d/create-databases.sh:ro");
		Map<String, String> postgres = this.compose.environment("postgres");
		for (String name : List.of("user-service", "order-service")) {
			SpringConfig config = (name.equals("user-service")) ? this.userService : this.orderService;
			Map<String, String> environment = this.compose.environment(name);
			assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "docker");
			assertThat(config.get("spring.profiles.group.docker")).contains("postgres");
			assertThat(environment)
				.containsKeys(config.environmentVariables("spring.datasource.url").toArray(String[]::new));
			assertThat(environment)
				.containsKeys(config.environmentVariables("spring.datasource.password").toArray(String[]::new));
			String url = config.resolved("spring.datasource.url", environment);
			assertThat(url).startsWith("jdbc:postgresql://postgres:5432/" + environment.get("POSTGRES_DB") + "?");
			String user = config.resolved("spring.datasource.username", environment);
			assertThat(initScript).contains("CREATE ROLE " + user + " LOGIN",
					"CREATE DATABASE " + environment.get("POSTGRES_DB") + " OWNER " + user);
			// The service's password and the role's come from the same variable.
			String passwordVariable = variableIn(config.resolved("spring.datasource.password", environment));
			assertThat(initScript).contains("PASSWORD '${" + passwordVariable + "}'");
			assertThat(postgres).containsKey(passwordVariable);
			assertThat(this.compose.dependsOnHealthy(name)).contains("postgres");
		}
		assertThat(this.compose.environment("user-service").get("POSTGRES_DB"))
			.isNotEqualTo(this.compose.environment("order-service").get("POSTGRES_DB"));
	}

	@Test
	void healthchecksAskReadinessOnEachServicesActuatorPort() {
		assertThat(this.compose.healthcheck("user-service"))
			.isEqualTo("http-ok " + this.userService.get("server.port") + " /actuator/health/readiness");
		assertThat(this.compose.healthcheck("order-service"))
			.isEqualTo("http-ok " + this.orderService.get("management.server.port") + " /actuator/health/readiness");
		for (SpringConfig config : List.of(this.userService, this.orderService)) {
			assertThat(config.get("management.endpoint.health.probes.enabled")).isEqualTo("true");
			assertThat(config.get("management.endpoint.health.group.readiness.include")).contains("db");
		}
		assertThat(this.compose.dependsOnHealthy("order-service")).contains("user-service");
		assertThat(this.compose.dependsOnHealthy("grafana")).contains("prometheus");
	}

	@Test
	void orderServicePublishesItsHttpAndGrpcPortsOnLoopbackOnly() {
		assertThat(this.compose.ports("order-service")).containsExactlyInAnyOrder(
				"127.0.0.1:8080:" + this.orderService.get("server.port"),
				"127.0.0.1:9091:" + this.orderService.get("spring.grpc.server.port"));
		this.compose.services()
			.keySet()
			.forEach((name) -> assertThat(this.compose.ports(name)).as(name)
				.allSatisfy((port) -> assertThat(port).startsWith("127.0.0.1:")));
	}

	@Test
	void prometheusScrapesEveryReplicaOnTheActuatorPortWithTheRepositoryRules() throws IOException {
		assertThat(this.compose.volumes("prometheus")).contains("./observability/prometheus:/etc/prometheus:ro");
		assertThat(this.compose.list("prometheus", "command")).contains("--config.file=/etc/prometheus/prometheus.yml");
		Map<String, Object> config = yaml(Repository.file("observability/prometheus/prometheus.yml"));
		Map<String, Object> userJob = job(config, "user-service");
		Map<String, Object> dnsSd = ComposeFile.first(userJob, "dns_sd_configs");
		assertThat(dnsSd.get("names")).isEqualTo(List.of("user-service"));
		assertThat(dnsSd.get("port")).hasToString(this.userService.get("server.port"));
		Map<String, Object> orderJob = job(config, "order-service");
		assertThat(ComposeFile.first(orderJob, "static_configs").get("targets"))
			.isEqualTo(List.of("order-service:" + this.orderService.get("management.server.port")));
		for (Map<String, Object> job : List.of(userJob, orderJob)) {
			assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
		}
		for (SpringConfig service : List.of(this.userService, this.orderService)) {
			assertThat(service.get("management.endpoints.web.exposure.include")).contains("prometheus");
		}
		assertThat(config.get("rule_files")).isEqualTo(List.of("rules/*.rules.yml"));
	}

	@Test
	void grafanaIsProvisionedFromTheRepositoryFilesAndReachesPrometheus() throws IOException {
		assertThat(this.compose.volumes("grafana")).contains(
				"./observability/grafana/provisioning:/etc/grafana/provisioning:ro",
				"./observability/grafana/dashboards:/etc/grafana/dashboards:ro");
		Map<String, Object> provider = ComposeFile
			.first(yaml(Repository.file("observability/grafana/provisioning/dashboards/dashboards.yml")), "providers");
		assertThat(provider.get("options"))
			.isEqualTo(Map.of("path", "/etc/grafana/dashboards", "foldersFromFilesStructure", false));
		Map<String, Object> datasource = ComposeFile.first(
				yaml(Repository.file("observability/grafana/provisioning/datasources/prometheus.yml")), "datasources");
		// Prometheus listens on its default 9090 inside its container (published as
		// 9099).
		assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
		assertThat(this.compose.ports("prometheus")).containsExactly("127.0.0.1:9099:9090");
		String home = this.compose.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
		Repository.file("observability/grafana/dashboards/" + Path.of(home).getFileName());
	}

	@Test
	void grpcBetweenTheServicesIsMutualTlsWithTokensAndNoReflection(@TempDir Path work) throws Exception {
		ScriptCredentials credentials = ScriptCredentials.generate(work.resolve("credentials"));
		for (String name : List.of("user-service", "order-service")) {
			SpringConfig config = (name.equals("user-service")) ? this.userService : this.orderService;
			assertThat(config.get("spring.grpc.server.reflection.enabled")).as(name).isEqualTo("false");
			assertThat(this.compose.environment(name)).containsEntry("ACME_CREDENTIALS_DIR", "/credentials");
			// Each service gets exactly the files its configuration reads, each one the
			// script makes.
			List<String> read = Stream
				.concat(config.startingWith("spring.ssl.bundle.").values().stream(),
						Stream
							.of(config.startingWith("spring.security."), config.startingWith("acme.security."),
									config.startingWith("acme.service-token."))
							.flatMap((values) -> values.values().stream()))
				.filter((value) -> value.startsWith(CREDENTIALS_FILE))
				.map((value) -> value.substring(CREDENTIALS_FILE.length()))
				.toList();
			List<String> mounted = this.compose.volumes(name)
				.stream()
				.filter((volume) -> volume.startsWith(CREDENTIALS_SOURCE))
				.map((volume) -> volume.split(":"))
				.peek((parts) -> assertThat(parts[1]).isEqualTo("/credentials/" + Path.of(parts[0]).getFileName()))
				.peek((parts) -> assertThat(parts[parts.length - 1]).isEqualTo("ro"))
				.map((parts) -> Path.of(parts[0]).getFileName().toString())
				.toList();
			assertThat(mounted).as(name).containsExactlyInAnyOrderElementsOf(read).doesNotContain("ca.key");
			mounted.forEach((file) -> assertThat(credentials.file(file)).as(file).isRegularFile());
		}
		assertThat(this.userService.get("spring.grpc.server.ssl.bundle")).isEqualTo("grpc-server");
		assertThat(this.userService.get("spring.grpc.server.ssl.client-auth")).isEqualTo("require");
		assertThat(this.orderService.get("spring.grpc.client.channel.user-service.ssl.bundle"))
			.isEqualTo("user-service-client");
		assertThat(this.orderService.get("acme.service-token.private-key"))
			.isEqualTo(CREDENTIALS_FILE + "service-token.key");
		// user-service binds SERVICE to order-service's key, and no more.
		assertThat(this.userService.startingWith("acme.security.callers"))
			.containsEntry("acme.security.callers[0].name", "order-service")
			.containsEntry("acme.security.callers[0].roles[0]", "SERVICE")
			.doesNotContainKey("acme.security.callers[0].roles[1]")
			.containsEntry("acme.security.callers[0].keys[0]", CREDENTIALS_FILE + "service-token.pub");
		assertThat(this.compose.volumes("order-service")).noneMatch((volume) -> volume.contains("operator-token"));
		// The server certificate names the host order-service dials
		// (dns:///user-service:9090).
		String target = this.compose.environment("order-service").get("USER_SERVICE_TARGET");
		String host = URI.create(target).getPath().substring(1).split(":")[0];
		try (InputStream pem = Files.newInputStream(credentials.file("user-service.crt"))) {
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(pem);
			List<String> names = certificate.getSubjectAlternativeNames()
				.stream()
				.map((name) -> String.valueOf(name.get(1)))
				.toList();
			assertThat(names).contains(host);
		}
	}

	/**
	 * One issuer for everyone: the name the services will reach it by, on the port its
	 * application.yml serves; its signing key is the file scripts/gen-credentials makes,
	 * and no other service mounts it.
	 */
	@Test
	void theAuthorizationServerIssuesUnderItsNetworkNameWithItsOwnKey(@TempDir Path work) {
		ScriptCredentials credentials = ScriptCredentials.generate(work.resolve("credentials"));
		SpringConfig authServer = SpringConfig.of("auth-server", "");
		String port = authServer.get("server.port");
		Map<String, String> environment = this.compose.environment("auth-server");

		assertThat(environment).containsEntry("SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER",
				"http://auth-server:" + port);
		assertThat(this.compose.ports("auth-server")).containsExactly("127.0.0.1:" + port + ":" + port);
		assertThat(this.compose.healthcheck("auth-server"))
			.isEqualTo("http-ok " + port + " /.well-known/openid-configuration");
		assertThat(environment).containsEntry("ACME_CREDENTIALS_DIR", "/credentials");
		assertThat(authServer.get("acme.auth.signing-key.location")).isEqualTo(CREDENTIALS_FILE + "auth-server.key");
		assertThat(this.compose.volumes("auth-server"))
			.containsExactly(CREDENTIALS_SOURCE + "auth-server.key:/credentials/auth-server.key:ro");
		assertThat(credentials.file("auth-server.key")).isRegularFile();
		for (String other : List.of("user-service", "order-service")) {
			assertThat(this.compose.volumes(other)).noneMatch((volume) -> volume.contains("auth-server.key"));
		}
	}

	/**
	 * order-service checks tokens against the issuer the authorization server names in
	 * them, and starts only once that server answers.
	 */
	@Test
	void orderServiceAcceptsTokensFromTheAuthorizationServer() {
		String issuer = this.compose.environment("auth-server")
			.get("SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER");
		String issuerUri = this.compose.environment("order-service").get("ACME_ISSUER_URI");

		assertThat(issuerUri).isEqualTo(issuer);
		assertThat(this.orderService.get("spring.security.oauth2.resourceserver.jwt.issuer-uri"))
			.isEqualTo("${ACME_ISSUER_URI:http://localhost:9000}");
		assertThat(this.orderService.get("spring.security.oauth2.resourceserver.jwt.audiences"))
			.isEqualTo(SpringConfig.of("auth-server", "").get("acme.auth.access-token.audience"));
		assertThat(this.compose.dependsOnHealthy("order-service")).contains("auth-server");
	}

	/**
	 * Both services export to the stack's Zipkin, at the version the tests run, and put
	 * exemplars on their metrics, which Prometheus stores and Grafana links to Zipkin.
	 */
	@Test
	void bothServicesExportSpansToZipkinAndGrafanaLinksExemplarsToTheirTraces() throws IOException {
		String version = Pattern.compile("<zipkin-server.version>([^<]+)</zipkin-server.version>")
			.matcher(Files.readString(Repository.file("pom.xml")))
			.results()
			.findFirst()
			.orElseThrow()
			.group(1);
		assertThat(this.compose.string("zipkin", "image")).isEqualTo("openzipkin/zipkin:" + version);
		// Zipkin listens on 9411 inside its container; the host sees it on loopback only.
		assertThat(this.compose.ports("zipkin")).containsExactly("127.0.0.1:9411:9411");
		for (String service : List.of("user-service", "order-service")) {
			Map<String, String> environment = this.compose.environment(service);
			assertThat(environment).as(service)
				.containsEntry(variable("management.tracing.export.zipkin.enabled"), "true")
				.containsEntry(variable("management.tracing.export.zipkin.endpoint"), "http://zipkin:9411/api/v2/spans")
				.containsEntry(variable("management.tracing.exemplars.include"), "sampled-traces");
			// Spans are best effort: the services start and serve without Zipkin.
			assertThat(this.compose.dependsOnHealthy(service)).as(service).doesNotContain("zipkin");
		}
		for (SpringConfig service : List.of(this.userService, this.orderService)) {
			// What the variables above override: off without a trace backend.
			assertThat(service.get("management.tracing.export.zipkin.enabled")).isEqualTo("false");
			assertThat(service.get("management.tracing.exemplars.include")).isEqualTo("none");
		}
		assertThat(this.compose.list("prometheus", "command")).contains("--enable-feature=exemplar-storage");

		Map<String, Object> zipkin = ComposeFile
			.first(yaml(Repository.file("observability/grafana/provisioning/datasources/zipkin.yml")), "datasources");
		assertThat(zipkin).containsEntry("type", "zipkin").containsEntry("url", "http://zipkin:9411");
		Map<String, Object> prometheus = ComposeFile.first(
				yaml(Repository.file("observability/grafana/provisioning/datasources/prometheus.yml")), "datasources");
		@SuppressWarnings("unchecked")
		Map<String, Object> destination = ComposeFile.first((Map<String, Object>) prometheus.get("jsonData"),
				"exemplarTraceIdDestinations");
		// Micrometer names the exemplar's label trace_id.
		assertThat(destination).containsEntry("name", "trace_id").containsEntry("datasourceUid", zipkin.get("uid"));
		assertThat(this.compose.dependsOnHealthy("grafana")).contains("zipkin");
	}

	@Test
	void everyFileMountedFromTheRepositoryExists() {
		this.compose.services()
			.keySet()
			.forEach((name) -> this.compose.volumes(name)
				.stream()
				.filter((volume) -> volume.startsWith("./"))
				// Made by scripts/gen-credentials, checked above.
				.filter((volume) -> !volume.startsWith(CREDENTIALS_SOURCE))
				.forEach((volume) -> Repository.file(volume.substring(2, volume.indexOf(':')))));
	}

	/** The environment variable Spring Boot binds to a property (relaxed binding). */
	private static String variable(String property) {
		return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	private static String variableIn(String value) {
		Matcher matcher = Pattern.compile("^\\$\\{(\\w+)(:-[^}]*)?}$").matcher(value);
		assertThat(matcher.matches()).as("a ${VARIABLE} from the environment: " + value).isTrue();
		return matcher.group(1);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> job(Map<String, Object> config, String name) {
		return ((List<Map<String, Object>>) config.get("scrape_configs")).stream()
			.filter((job) -> name.equals(job.get("job_name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no scrape job " + name));
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

}
