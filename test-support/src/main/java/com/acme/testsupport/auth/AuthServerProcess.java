package com.acme.testsupport.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.acme.testsupport.credentials.ScriptCredentials;
import com.acme.testsupport.ports.LoopbackPorts;
import com.acme.testsupport.process.ServiceProcess;

/**
 * The repository's authorization server ({@code auth-server}) from its jar, as a process
 * on 127.0.0.1, signing with the key {@code scripts/gen-credentials} made: the real
 * issuer the services' tests get their tokens from.
 */
public final class AuthServerProcess implements AutoCloseable {

	/** A hang detector, not a performance bound. */
	private static final Duration STARTUP = Duration.ofSeconds(180);

	private final ServiceProcess process;

	private final String issuer;

	private AuthServerProcess(ServiceProcess process, String issuer) {
		this.process = process;
		this.issuer = issuer;
	}

	/** Starts it with its log in {@code work}, and waits until it serves discovery. */
	public static AuthServerProcess start(Path work, ScriptCredentials credentials, String... args) {
		return LoopbackPorts.startOnFreePorts(1, (ports) -> {
			String issuer = "http://127.0.0.1:" + ports[0];
			String[] settings = new String[args.length + 4];
			settings[0] = "--server.address=127.0.0.1";
			settings[1] = "--server.port=" + ports[0];
			settings[2] = "--acme.credentials-dir=" + credentials.directory();
			// One name for the issuer, whichever address a request comes from.
			settings[3] = "--spring.security.oauth2.authorizationserver.issuer=" + issuer;
			System.arraycopy(args, 0, settings, 4, args.length);
			ServiceProcess process = ServiceProcess.springBootJar("auth-server", work, Map.of(), settings);
			try {
				process.awaitReady(issuer + "/.well-known/openid-configuration", STARTUP);
			}
			catch (RuntimeException | Error ex) {
				process.close();
				throw ex;
			}
			return new AuthServerProcess(process, issuer);
		});
	}

	/**
	 * Where the services find it:
	 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}.
	 */
	public String issuer() {
		return this.issuer;
	}

	public TokenClient tokens() {
		return new TokenClient(this.issuer);
	}

	public ServiceProcess process() {
		return this.process;
	}

	@Override
	public void close() {
		this.process.close();
	}

}
