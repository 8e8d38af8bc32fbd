package com.acme.userservice.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users in the {@code users} table (see {@code db/migration}). Plain SQL that runs
 * unchanged on PostgreSQL and on the embedded HSQLDB.
 */
@Repository
public class UserRepository {

	private static final String COLUMNS = "id, email, display_name, status, create_time";

	private final JdbcClient jdbc;

	public UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @throws org.springframework.dao.DuplicateKeyException when the email is taken
	 */
	public void insert(User user) {
		this.jdbc.sql("INSERT INTO users (" + COLUMNS + ") VALUES (:id, :email, :displayName, :status, :createTime)")
			.param("id", user.id())
			.param("email", user.email())
			.param("displayName", user.displayName())
			.param("status", user.status().name())
			.param("createTime", OffsetDateTime.ofInstant(user.createTime(), ZoneOffset.UTC))
			.update();
	}

	public Optional<User> findById(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id")
			.param("id", id)
			.query(UserRepository::mapRow)
			.optional();
	}

	/** The users among {@code ids} that exist, in one read. */
	public Map<UUID, User> findAllById(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id IN (:ids)")
			.param("ids", new LinkedHashSet<>(ids))
			.query(UserRepository::mapRow)
			.list()
			.stream()
			.collect(Collectors.toMap(User::id, Function.identity()));
	}

	/** Updates and reads back in one transaction, so the caller sees its own write. */
	@Transactional
	public Optional<User> updateStatus(UUID id, UserStatus status) {
		int updated = this.jdbc.sql("UPDATE users SET status = :status WHERE id = :id")
			.param("status", status.name())
			.param("id", id)
			.update();
		return (updated == 0) ? Optional.empty() : findById(id);
	}

	/**
	 * Keyset pagination over (create_time, id), served by the indexes in
	 * V1__create_users.sql. Unlike OFFSET it costs the same on the last page as on the
	 * first and never repeats a row. Pages are separate reads, not one snapshot: a user
	 * whose create time was taken before but committed after a page was read lands behind
	 * the cursor and is not streamed.
	 */
	public List<User> findPage(@Nullable UserStatus status, @Nullable User after, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM users WHERE 1 = 1");
		if (status != null) {
			sql.append(" AND status = :status");
		}
		if (after != null) {
			// Typed parameters: HSQLDB cannot infer a parameter's type inside a row
			// value.
			sql.append(
					" AND (create_time, id) > (CAST(:afterTime AS TIMESTAMP WITH TIME ZONE), CAST(:afterId AS UUID))");
		}
		sql.append(" ORDER BY create_time, id LIMIT :limit");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql.toString()).param("limit", limit);
		if (status != null) {
			statement = statement.param("status", status.name());
		}
		if (after != null) {
			statement = statement.param("afterTime", OffsetDateTime.ofInstant(after.createTime(), ZoneOffset.UTC))
				.param("afterId", after.id());
		}
		return statement.query(UserRepository::mapRow).list();
	}

	private static User mapRow(ResultSet row, int rowNumber) throws SQLException {
		return new User(row.getObject("id", UUID.class), row.getString("email"), row.getString("display_name"),
				UserStatus.valueOf(row.getString("status")),
				row.getObject("create_time", OffsetDateTime.class).toInstant());
	}

}
