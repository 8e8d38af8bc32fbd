package com.acme.userservice.support;

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
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries from Maven Central) on 127.0.0.1 that a test can stop and
 * start again on the same port and data, the way a database outage looks to the service.
 */
public final class PostgresServer implements AutoCloseable {

	private final Path dataDirectory;

	private final int port;

	private EmbeddedPostgres postgres;

	private PostgresServer(Path dataDirectory, int port) {
		this.dataDirectory = dataDirectory;
		this.port = port;
	}

	public static PostgresServer start() {
		try {
			PostgresServer server = new PostgresServer(Files.createTempDirectory("user-service-pg"), FreePort.next());
			server.startAgain();
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
	 * The {@code POSTGRES_*} environment variables that point an application's {@code postgres}
	 * profile at {@code database} on this server.
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
	 * (one database per service, as in production). An existing one of that name is dropped.
	 */
	public void createDatabase(String name) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), username(), "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name);
			statement.execute("CREATE DATABASE " + name);
		}
	}

	/** Stops the server the way an operator would (fast shutdown: sessions are terminated). */
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
			this.postgres = EmbeddedPostgres.builder()
				.setDataDirectory(this.dataDirectory)
				.setCleanDataDirectory(false)
				.setPort(this.port)
				.setServerConfig("listen_addresses", "127.0.0.1")
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized void close() {
		if (this.postgres != null) {
			stop();
		}
	}


}
