package com.acme.orderservice.order;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;
import org.jspecify.annotations.Nullable;

/**
 * An order as a client asked for it, from JSON or protobuf, not yet checked. Field paths
 * in violations use the proto's names, as every status of this service does.
 *
 * @param idempotencyKey {@code null} or blank when the client sent none
 */
public record NewOrder(@Nullable String userId, @Nullable List<OrderLine> lines, @Nullable String idempotencyKey) {

	static final int MAX_LINES = 100;

	static final int MAX_QUANTITY = 10_000;

	static final long MAX_UNIT_PRICE_CENTS = 100_000_000L;

	private static final Pattern SKU = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

	// Same alphabet as request ids: keys are logged and stored, and travel in headers.
	private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[A-Za-z0-9._:/+=@-]{1,128}$");

	/**
	 * @return the order, checked: every problem is reported at once, not just the first
	 * @throws InvalidArgumentException listing every invalid field
	 */
	public CheckedOrder check() {
		List<FieldViolation> violations = new ArrayList<>();
		UUID user = parseUserId(violations);
		String key = (this.idempotencyKey == null || this.idempotencyKey.isEmpty()) ? null : this.idempotencyKey;
		if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
			violations.add(new FieldViolation("idempotency_key",
					"at most 128 characters of letters, digits and . _ : / + = @ -"));
		}
		List<OrderLine> checkedLines = (this.lines != null) ? this.lines : List.of();
		if (checkedLines.isEmpty() || checkedLines.size() > MAX_LINES) {
			violations.add(new FieldViolation("lines", "an order has 1 to " + MAX_LINES + " lines"));
		}
		for (int i = 0; i < Math.min(checkedLines.size(), MAX_LINES); i++) {
			checkLine("lines[" + i + "]", checkedLines.get(i), violations);
		}
		if (!violations.isEmpty()) {
			throw new InvalidArgumentException("the order is invalid", violations);
		}
		// Cannot overflow: at most 100 lines of 10^4 units at 10^8 cents.
		long total = checkedLines.stream().mapToLong((line) -> line.quantity() * line.unitPriceCents()).sum();
		return new CheckedOrder(user, checkedLines, total, key);
	}

	private @Nullable UUID parseUserId(List<FieldViolation> violations) {
		UUID parsed = OrderIds.parse(this.userId);
		if (parsed == null) {
			violations.add(new FieldViolation("user_id", "must be a user id (a UUID such as 0b7c...-...)"));
		}
		return parsed;
	}

	private static void checkLine(String path, @Nullable OrderLine line, List<FieldViolation> violations) {
		if (line == null) {
			violations.add(new FieldViolation(path, "must be a line"));
			return;
		}
		if (line.sku() == null || !SKU.matcher(line.sku()).matches()) {
			violations.add(new FieldViolation(path + ".sku", "1 to 64 letters, digits, '.', '_' or '-'"));
		}
		if (line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
			violations.add(new FieldViolation(path + ".quantity", "must be between 1 and " + MAX_QUANTITY));
		}
		if (line.unitPriceCents() < 0 || line.unitPriceCents() > MAX_UNIT_PRICE_CENTS) {
			violations
				.add(new FieldViolation(path + ".unit_price_cents", "must be between 0 and " + MAX_UNIT_PRICE_CENTS));
		}
	}

	/**
	 * An order that passed {@link #check()}: only the buyer's eligibility is left to
	 * confirm.
	 */
	public record CheckedOrder(UUID userId, List<OrderLine> lines, long totalCents, @Nullable String idempotencyKey) {

		/**
		 * @return whether {@code order} is what this request would have created
		 */
		boolean sameAs(Order order) {
			return order.userId().equals(this.userId) && order.lines().equals(this.lines);
		}

	}

}
