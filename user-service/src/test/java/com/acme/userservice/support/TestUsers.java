package com.acme.userservice.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.acme.userservice.user.UserStatus;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test data written straight to the database, for tests that need more users than it is
 * reasonable to create one RPC at a time.
 */
public final class TestUsers {

	private final JdbcTemplate jdbc;

	public TestUsers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** An email no other test uses, so tests sharing a database do not collide. */
	public static String uniqueEmail() {
		return "user-" + UUID.randomUUID() + "@example.com";
	}

	public void deleteAll() {
		this.jdbc.update("DELETE FROM users");
	}

	/**
	 * Inserts {@code count} users with strictly increasing create times.
	 * @return their ids, oldest first
	 */
	public List<UUID> insert(int count, UserStatus status) {
		Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS);
		List<Object[]> rows = new ArrayList<>(count);
		List<UUID> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			UUID id = UUID.randomUUID();
			ids.add(id);
			rows.add(new Object[] { id, "bulk-" + id + "@example.com", "Bulk user " + i, status.name(),
					OffsetDateTime.ofInstant(start.plus(i, ChronoUnit.MICROS), ZoneOffset.UTC) });
		}
		this.jdbc.batchUpdate("INSERT INTO users (id, email, display_name, status, create_time) VALUES (?, ?, ?, ?, ?)",
				rows);
		return ids;
	}

}
