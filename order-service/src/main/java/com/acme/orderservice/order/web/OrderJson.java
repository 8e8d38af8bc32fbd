package com.acme.orderservice.order.web;

import java.time.Instant;
import java.util.List;

import com.acme.orderservice.order.NewOrder;
import com.acme.orderservice.order.Order;
import com.acme.orderservice.order.OrderLine;
import com.acme.orderservice.order.OrderPage;
import com.acme.orderservice.user.UserSummary;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the order endpoints (see static/openapi.yaml). */
final class OrderJson {

	private OrderJson() {
	}

	/** {@code POST /api/orders}, and one item of {@code POST /api/orders/import}. */
	record OrderBody(@Nullable String userId, @Nullable List<OrderLine> lines, @Nullable String idempotencyKey) {

		NewOrder toNewOrder(@Nullable String idempotencyKeyHeader) {
			return new NewOrder(this.userId, this.lines,
					(idempotencyKeyHeader != null) ? idempotencyKeyHeader : this.idempotencyKey);
		}

	}

	/**
	 * An order; {@code user} and {@code userEnriched} only on {@code GET
	 * /api/orders/{id}}.
	 *
	 * @param userEnriched false when user-service could not be asked in time; the order
	 * is still returned
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record OrderView(String id, String userId, List<OrderLine> lines, long totalCents, @Nullable String idempotencyKey,
			Instant createTime, @Nullable UserSummary user, @Nullable Boolean userEnriched) {

		static OrderView of(Order order) {
			return new OrderView(order.id().toString(), order.userId().toString(), order.lines(), order.totalCents(),
					order.idempotencyKey(), order.createTime(), null, null);
		}

		OrderView withUser(@Nullable UserSummary user, boolean enriched) {
			return new OrderView(this.id, this.userId, this.lines, this.totalCents, this.idempotencyKey,
					this.createTime, user, enriched);
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record OrderPageView(List<OrderView> orders, @Nullable String nextPageToken) {

		static OrderPageView of(OrderPage page) {
			return new OrderPageView(page.orders().stream().map(OrderView::of).toList(), page.nextPageToken());
		}

	}

}
