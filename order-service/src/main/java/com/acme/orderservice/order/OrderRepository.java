package com.acme.orderservice.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Orders and their lines (see {@code db/migration}). Plain SQL that runs unchanged on
 * PostgreSQL and on the embedded HSQLDB.
 */
@Repository
public class OrderRepository {

	private static final String COLUMNS = "id, user_id, total_cents, idempotency_key, create_time";

	private final JdbcClient jdbc;

	public OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores the order and its lines in one transaction.
	 * @throws org.springframework.dao.DuplicateKeyException when the user already used
	 * the key
	 */
	@Transactional
	public void insert(Order order) {
		this.jdbc.sql("INSERT INTO orders (" + COLUMNS + ") VALUES (:id, :userId, :total, :key, :createTime)")
			.param("id", order.id())
			.param("userId", order.userId())
			.param("total", order.totalCents())
			.param("key", order.idempotencyKey())
			.param("createTime", OffsetDateTime.ofInstant(order.createTime(), ZoneOffset.UTC))
			.update();
		for (int i = 0; i < order.lines().size(); i++) {
			OrderLine line = order.lines().get(i);
			this.jdbc
				.sql("INSERT INTO order_lines (order_id, line_number, sku, quantity, unit_price_cents)"
						+ " VALUES (:orderId, :number, :sku, :quantity, :price)")
				.param("orderId", order.id())
				.param("number", i)
				.param("sku", line.sku())
				.param("quantity", line.quantity())
				.param("price", line.unitPriceCents())
				.update();
		}
	}

	public Optional<Order> findById(UUID id) {
		return withLines(this.jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = :id")
			.param("id", id)
			.query(OrderRepository::mapRow)
			.list()).stream().findFirst();
	}

	public Optional<Order> findByIdempotencyKey(UUID userId, String key) {
		return withLines(
				this.jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE user_id = :userId AND idempotency_key = :key")
					.param("userId", userId)
					.param("key", key)
					.query(OrderRepository::mapRow)
					.list())
			.stream()
			.findFirst();
	}

	/**
	 * A user's orders newest first, by keyset over the index on (user_id, create_time,
	 * id).
	 */
	public List<Order> findPage(UUID userId, @Nullable PageToken after, int limit) {
		String sql = "SELECT " + COLUMNS + " FROM orders WHERE user_id = :userId"
		// Typed parameters: HSQLDB cannot infer a parameter's type inside a row
		// value.
				+ ((after != null)
						? " AND (create_time, id) < (CAST(:afterTime AS TIMESTAMP WITH TIME ZONE), CAST(:afterId AS UUID))"
						: "")
				+ " ORDER BY create_time DESC, id DESC LIMIT :limit";
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql).param("userId", userId).param("limit", limit);
		if (after != null) {
			statement = statement.param("afterTime", OffsetDateTime.ofInstant(after.createTime(), ZoneOffset.UTC))
				.param("afterId", after.id());
		}
		return withLines(statement.query(OrderRepository::mapRow).list());
	}

	/** Loads the lines of all the orders in one query. */
	private List<Order> withLines(List<Order> headers) {
		if (headers.isEmpty()) {
			return headers;
		}
		Map<UUID, List<OrderLine>> lines = new LinkedHashMap<>();
		headers.forEach((order) -> lines.put(order.id(), new ArrayList<>()));
		this.jdbc
			.sql("SELECT order_id, sku, quantity, unit_price_cents FROM order_lines WHERE order_id IN (:ids)"
					+ " ORDER BY order_id, line_number")
			.param("ids", List.copyOf(lines.keySet()))
			.query((row) -> {
				lines.get(row.getObject("order_id", UUID.class))
					.add(new OrderLine(row.getString("sku"), row.getInt("quantity"), row.getLong("unit_price_cents")));
			});
		return headers.stream()
			.map((order) -> new Order(order.id(), order.userId(), lines.get(order.id()), order.totalCents(),
					order.idempotencyKey(), order.createTime()))
			.toList();
	}

	private static Order mapRow(ResultSet row, int rowNumber) throws SQLException {
		return new Order(row.getObject("id", UUID.class), row.getObject("user_id", UUID.class), List.of(),
				row.getLong("total_cents"), row.getString("idempotency_key"),
				row.getObject("create_time", OffsetDateTime.class).toInstant());
	}

}
