package com.acme.orderservice.order;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;
import com.acme.orderservice.user.UserDirectory;
import com.acme.user.v1.UserStatus;
import com.acme.user.v1.ValidateUsersResponse;

import org.springframework.stereotype.Service;

/**
 * Bulk import: many orders in one request, each accepted or rejected on its own. Every
 * buyer is checked over ONE {@code ValidateUsers} stream (pipelined; see
 * UserDirectory#validate), not one GetUser per order: the point of a bidirectional
 * stream. Orders are stored only once every buyer was answered for; an import whose
 * stream ended early stores nothing and fails as a whole
 * ({@link com.acme.orderservice.user.UsersNotCheckedException}), so sending it again is
 * safe.
 */
@Service
public class OrderImport {

	private final OrderService orders;

	private final UserDirectory users;

	private final OrdersProperties properties;

	public OrderImport(OrderService orders, UserDirectory users, OrdersProperties properties) {
		this.orders = orders;
		this.users = users;
		this.properties = properties;
	}

	public ImportResult importOrders(List<NewOrder> items) {
		if (items.isEmpty() || items.size() > this.properties.importMaxItems()) {
			throw new InvalidArgumentException("an import holds 1 to " + this.properties.importMaxItems() + " orders",
					List.of(new FieldViolation("orders", "1 to " + this.properties.importMaxItems() + " orders")));
		}
		List<ImportResult.Rejected> rejected = new ArrayList<>();
		Map<Integer, NewOrder.CheckedOrder> checked = new LinkedHashMap<>();
		for (int i = 0; i < items.size(); i++) {
			try {
				checked.put(i, (items.get(i) != null) ? items.get(i).check() : new NewOrder(null, null, null).check());
			}
			catch (InvalidArgumentException ex) {
				int index = i;
				ex.getViolations()
					.forEach((violation) -> rejected.add(new ImportResult.Rejected(index, violation.field(),
							"INVALID_ARGUMENT", violation.description())));
			}
		}
		Set<String> userIds = new LinkedHashSet<>();
		checked.values().forEach((order) -> userIds.add(order.userId().toString()));
		Map<String, ValidateUsersResponse> eligibility = this.users.validate(userIds);

		List<ImportResult.Accepted> accepted = new ArrayList<>();
		checked.forEach((index, order) -> {
			ValidateUsersResponse answer = eligibility.get(order.userId().toString());
			if (!answer.getCanOrder()) {
				boolean suspended = answer.getStatus() == UserStatus.USER_STATUS_SUSPENDED;
				rejected.add(new ImportResult.Rejected(index, "user_id",
						suspended ? "USER_SUSPENDED" : "USER_NOT_FOUND", answer.getReason()));
				return;
			}
			try {
				OrderService.PlacedOrder placed = this.orders.placeConfirmed(order);
				accepted.add(new ImportResult.Accepted(index, placed.order().id().toString(), placed.replayed()));
			}
			catch (IdempotencyKeyReusedException ex) {
				rejected.add(
						new ImportResult.Rejected(index, "idempotency_key", "IDEMPOTENCY_KEY_REUSED", ex.getMessage()));
			}
		});
		rejected.sort(Comparator.comparingInt(ImportResult.Rejected::index));
		return new ImportResult(accepted, rejected);
	}

}
