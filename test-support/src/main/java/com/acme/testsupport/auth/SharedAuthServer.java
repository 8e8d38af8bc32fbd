package com.acme.testsupport.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.acme.testsupport.credentials.ScriptCredentials;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One authorization server for every test in the JVM (started on first use, stopped when
 * the JVM exits), and the tokens the tests use, fetched from it and reused until a minute
 * before they expire. Points a test's application context at it as its issuer.
 */
public final class SharedAuthServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** auth-server's access-token-time-to-live is 5 minutes; renew well before. */
	private static final Duration REUSE = Duration.ofMinutes(3);

	private static AuthServerProcess server;

	private static ScriptCredentials credentials;

	private static final Map<String, Token> tokens = new ConcurrentHashMap<>();

	public static synchronized AuthServerProcess server() {
		if (server == null) {
			try {
				Path work = Files.createTempDirectory("auth-server");
				credentials = ScriptCredentials.generate(work.resolve("credentials"));
				server = AuthServerProcess.start(work, credentials);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "auth-server-stop"));
		}
		return server;
	}

	/** The folder with the server's signing key ({@code auth-server.key}). */
	public static synchronized ScriptCredentials credentials() {
		server();
		return credentials;
	}

	/**
	 * The operator's machine client with every scope: an administrator, as the tests that
	 * are not about access rights act.
	 */
	public static String operatorToken() {
		return cached("operator", () -> server().tokens().clientCredentials("orders.read orders.write users.admin"));
	}

	/** A local user's token (admin, ada, grace) with {@code scopes}. */
	public static String personToken(String username, String scopes) {
		return cached(username + " " + scopes, () -> server().tokens().signIn(username, scopes));
	}

	private static String cached(String key, Supplier<String> fetch) {
		Instant now = Instant.now();
		return tokens.compute(key, (name, known) -> (known != null && now.isBefore(known.renewAt())) ? known
				: new Token(fetch.get(), now.plus(REUSE)))
			.value();
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("sharedAuthServer",
					Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", server().issuer())));
	}

	private record Token(String value, Instant renewAt) {
	}

}
