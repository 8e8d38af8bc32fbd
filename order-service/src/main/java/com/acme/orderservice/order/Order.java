package com.acme.orderservice.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A stored order.
 *
 * @param idempotencyKey the key it was created with, {@code null} if none
 */
public record Order(UUID id, UUID userId, List<OrderLine> lines, long totalCents, @Nullable String idempotencyKey,
		Instant createTime) {

	public Order {
		lines = List.copyOf(lines);
	}

}
