package com.acme.orderservice.order;

import java.util.List;
import java.util.UUID;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class NewOrderTests {

	private static final String USER = UUID.randomUUID().toString();

	@Test
	void computesTheTotal() {
		NewOrder.CheckedOrder order = new NewOrder(USER,
				List.of(new OrderLine("A-1", 2, 1250), new OrderLine("B-2", 1, 99)), "key-1")
			.check();

		assertThat(order.totalCents()).isEqualTo(2599);
		assertThat(order.idempotencyKey()).isEqualTo("key-1");
	}

	@Test
	void reportsEveryInvalidFieldAtOnce() {
		InvalidArgumentException invalid = catchThrowableOfType(InvalidArgumentException.class,
				() -> new NewOrder("not-a-uuid", List.of(new OrderLine("", 0, -1)), "bad key").check());

		assertThat(invalid.getViolations()).extracting(FieldViolation::field)
			.containsExactlyInAnyOrder("user_id", "idempotency_key", "lines[0].sku", "lines[0].quantity",
					"lines[0].unit_price_cents");
	}

	@Test
	void refusesNonCanonicalIdsAndEmptyOrders() {
		InvalidArgumentException invalid = catchThrowableOfType(InvalidArgumentException.class,
				() -> new NewOrder("1-1-1-1-1", List.of(), null).check());

		assertThat(invalid.getViolations()).extracting(FieldViolation::field).containsExactly("user_id", "lines");
	}

	@Test
	void largestOrderDoesNotOverflow() {
		List<OrderLine> lines = java.util.Collections.nCopies(NewOrder.MAX_LINES,
				new OrderLine("A", NewOrder.MAX_QUANTITY, NewOrder.MAX_UNIT_PRICE_CENTS));

		assertThat(new NewOrder(USER, lines, null).check().totalCents())
			.isEqualTo(100L * NewOrder.MAX_QUANTITY * NewOrder.MAX_UNIT_PRICE_CENTS);
	}

}
