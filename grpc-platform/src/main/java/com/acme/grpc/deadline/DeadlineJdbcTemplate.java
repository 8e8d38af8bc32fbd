package com.acme.grpc.deadline;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.Deadline;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A JdbcTemplate whose statements end when the gRPC call they serve runs out of time:
 * each statement's query timeout is the smaller of
 * {@code spring.jdbc.template.query-timeout} and what is left of the call's deadline (the
 * caller's, as propagated by gRPC in {@code grpc-timeout}). Without it, a query blocked
 * in the database (a lock, a slow plan) would hold its handler thread and its connection
 * for the full query timeout after the caller has given up.
 *
 * <p>
 * JDBC timeouts are whole seconds, so a statement ends at most a second after the
 * deadline; the driver then cancels it in the database. A deadline already passed fails
 * the statement before it is sent.
 */
public class DeadlineJdbcTemplate extends JdbcTemplate {

	@Override
	protected void applyStatementSettings(Statement statement) throws SQLException {
		super.applyStatementSettings(statement);
		Deadline deadline = Context.current().getDeadline();
		if (deadline == null) {
			return;
		}
		long remaining = deadline.timeRemaining(TimeUnit.MILLISECONDS);
		if (remaining <= 0) {
			throw new SQLTimeoutException("the call's deadline passed before the statement was sent");
		}
		int seconds = (int) Math.min(Integer.MAX_VALUE, (remaining + 999) / 1000);
		int configured = statement.getQueryTimeout();
		if (configured == 0 || seconds < configured) {
			statement.setQueryTimeout(seconds);
		}
	}

}
