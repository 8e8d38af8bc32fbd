package com.acme.testsupport.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import com.acme.testsupport.ports.LoopbackPorts;
import com.acme.testsupport.ports.PortTakenException;
import com.acme.testsupport.process.LogTail;
import com.acme.testsupport.process.ProcessLogs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries from Maven Central) on 127.0.0.1 that a test can
 * stop and start again on the same port and data, the way a database outage looks to the
 * service. Its output goes to a log whose tail {@link ProcessLogs} adds to failures.
 *
 * <p>
 * Runs with the embedded binaries' defaults, {@code fsync} and {@code synchronous_commit}
 * off: the tests kill the services, never this server or the machine, so what a commit
 * promises against power loss is not what they measure.
 */
public final class PostgresServer implements AutoCloseable {

	/**
	 * initdb and the first start on a busy 2-core machine take seconds; the bound is for
	 * a hang.
	 */
	private static final Duration STARTUP = Duration.ofSeconds(120);

	private final Path home;

	private final Path log;

	private final ProcessLogs.Registered registered;

	private int port;

	private EmbeddedPostgres postgres;

	private PostgresServer(Path home) {
		this.home = home;
		this.log = home.resolve("postgresql.log");
		this.registered = ProcessLogs.register("postgresql", this.log);
		// One hook that stops the server and then deletes its data, in that order: with
		// the embedded binaries' own hook as well, the two raced at JVM exit and left
		// data folders behind.
		Runtime.getRuntime().addShutdownHook(new Thread(this::closeAtExit, "postgres-stop"));
	}

	public static PostgresServer start() {
		try {
			PostgresServer server = new PostgresServer(Files.createTempDirectory("acme-postgres"));
			server.startOnAFreePort();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String jdbcUrl() {
		return jdbcUrl("postgres");
	}

	/**
	 * The {@code POSTGRES_*} environment variables that point an application's
	 * {@code postgres} profile at {@code database} on this server.
	 */
	public Map<String, String> environment(String database) {
		return Map.of("POSTGRES_HOST", "127.0.0.1", "POSTGRES_PORT", Integer.toString(this.port), "POSTGRES_DB",
				database, "POSTGRES_USER", username(), "POSTGRES_PASSWORD", "");
	}

	/** The URL of another database on this server (see {@link #createDatabase}). */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	public int port() {
		return this.port;
	}

	public String username() {
		return "postgres";
	}

	/**
	 * Runs a query on the server directly, not through the application.
	 * @return the first column of the first row
	 */
	public String query(String sql, Object... parameters) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), username(), "");
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getString(1);
			}
		}
	}

	/**
	 * A new, empty database on this server, for an application started as its own process
	 * (one database per service, as in production). An existing one of that name is
	 * dropped.
	 */
	public void createDatabase(String name) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), username(), "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name);
			statement.execute("CREATE DATABASE " + name);
		}
	}

	/**
	 * Stops the server the way an operator would (fast shutdown: sessions are
	 * terminated). Runs at JVM exit too, for a server a test did not close.
	 */
	public synchronized void stop() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.postgres = null;
	}

	/** Starts the server on the same port with the data it had. */
	public synchronized void startAgain() {
		try {
			this.postgres = builder().start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"PostgreSQL did not start again on port " + this.port + LogTail.section("postgresql", this.log),
					ex);
		}
	}

	/**
	 * Stops the server and deletes its data; its log stays for failure reports until the
	 * JVM exits.
	 */
	@Override
	public synchronized void close() {
		if (this.postgres != null) {
			stop();
		}
		this.registered.stopped();
		delete(true);
	}

	private synchronized void closeAtExit() {
		close();
		delete(false);
	}

	private void delete(boolean keepLog) {
		try (Stream<Path> files = Files.walk(this.home)) {
			files.sorted(Comparator.reverseOrder())
				.filter((path) -> !keepLog || (!path.equals(this.log) && !path.equals(this.home)))
				.forEach((path) -> {
					try {
						Files.deleteIfExists(path);
					}
					catch (IOException ex) {
						// A leftover in the temporary folder; nothing depends on it.
					}
				});
		}
		catch (IOException ex) {
			// As above.
		}
	}

	private void startOnAFreePort() {
		LoopbackPorts.startOnFreePorts(1, (ports) -> {
			this.port = ports[0];
			long startedAt = LogTail.size(this.log);
			try {
				this.postgres = builder().start();
				return this;
			}
			catch (IOException ex) {
				String tail = LogTail.section("postgresql", this.log);
				if (LoopbackPorts.isBindFailure(LogTail.since(this.log, startedAt))) {
					throw new PortTakenException("PostgreSQL could not bind port " + this.port + tail);
				}
				throw new IllegalStateException("PostgreSQL did not start on port " + this.port + tail, ex);
			}
		});
	}

	private EmbeddedPostgres.Builder builder() {
		return EmbeddedPostgres.builder()
			.setDataDirectory(this.home.resolve("data"))
			.setCleanDataDirectory(false)
			.setPort(this.port)
			.setPGStartupWait(STARTUP)
			.setRegisterShutdownHook(false)
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setOutputRedirector(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.setErrorRedirector(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
	}

}
