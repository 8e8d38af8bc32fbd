package com.acme.orderservice.order;

import java.util.List;

/**
 * The outcome of a bulk import, item by item, indexes counted from 0 in the order sent.
 */
public record ImportResult(List<Accepted> accepted, List<Rejected> rejected) {

	/**
	 * @param replayed whether an earlier request with the same idempotency key created
	 * the order
	 */
	public record Accepted(int index, String orderId, boolean replayed) {
	}

	/**
	 * @param field the offending field, in proto names
	 * @param reason a stable reason: INVALID_ARGUMENT, USER_NOT_FOUND, USER_SUSPENDED,
	 * IDEMPOTENCY_KEY_REUSED
	 */
	public record Rejected(int index, String field, String reason, String description) {
	}

}
