package com.acme.orderservice.order.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import com.acme.orderservice.error.JsonNames;
import com.acme.orderservice.order.ImportResult;
import com.acme.orderservice.order.Order;
import com.acme.orderservice.order.OrderImport;
import com.acme.orderservice.order.OrderService;
import com.acme.orderservice.security.Caller;
import com.acme.orderservice.order.web.OrderJson.OrderBody;
import com.acme.orderservice.order.web.OrderJson.OrderPageView;
import com.acme.orderservice.order.web.OrderJson.OrderView;
import com.acme.orderservice.user.UserDirectory;
import com.acme.orderservice.user.UserSummary;
import io.grpc.StatusRuntimeException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The order endpoints of the REST edge. Errors are answered by ProblemDetailsAdvice. */
@RestController
@RequestMapping("/api/orders")
public class OrderController {

	private static final Logger logger = LoggerFactory.getLogger(OrderController.class);

	private final OrderService orders;

	private final OrderImport orderImport;

	private final UserDirectory users;

	public OrderController(OrderService orders, OrderImport orderImport, UserDirectory users) {
		this.orders = orders;
		this.orderImport = orderImport;
		this.users = users;
	}

	/**
	 * 201 with the order. Sent again with the same {@code Idempotency-Key}, answers the
	 * same order (with {@code Idempotent-Replayed: true}) instead of creating a second
	 * one.
	 */
	@PostMapping
	ResponseEntity<OrderView> create(@RequestBody OrderBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			Authentication caller) {
		OrderService.PlacedOrder placed = this.orders.place(body.toNewOrder(idempotencyKey), Caller.of(caller));
		Order order = placed.order();
		return ResponseEntity.created(URI.create("/api/orders/" + order.id()))
			.header("Idempotent-Replayed", Boolean.toString(placed.replayed()))
			.body(OrderView.of(order));
	}

	/**
	 * The order with a summary of its buyer; without one (userEnriched false) if
	 * user-service cannot answer.
	 */
	@GetMapping("/{id}")
	OrderView get(@PathVariable String id, Authentication caller) {
		Order order = this.orders.get(id, Caller.of(caller));
		try {
			Optional<UserSummary> user = this.users.find(order.userId().toString());
			return OrderView.of(order).withUser(user.orElse(null), true);
		}
		catch (StatusRuntimeException ex) {
			logger.warn("Order {} returned without its user: user-service answered {}", id, ex.getStatus().getCode());
			return OrderView.of(order).withUser(null, false);
		}
	}

	@GetMapping
	OrderPageView list(@RequestParam String userId, @RequestParam(defaultValue = "0") int pageSize,
			@RequestParam(required = false) @Nullable String pageToken, Authentication caller) {
		return OrderPageView.of(this.orders.list(userId, pageSize, pageToken, Caller.of(caller)));
	}

	/**
	 * 200 with the accepted orders and the rejected items (index, field, reason) of the
	 * array sent.
	 */
	@PostMapping("/import")
	ImportResult importOrders(@RequestBody List<OrderBody> body) {
		ImportResult result = this.orderImport
			.importOrders(body.stream().map((item) -> (item != null) ? item.toNewOrder(null) : null).toList());
		return new ImportResult(result.accepted(),
				result.rejected()
					.stream()
					.map((rejected) -> new ImportResult.Rejected(rejected.index(), JsonNames.of(rejected.field()),
							rejected.reason(), rejected.description()))
					.toList());
	}

}
