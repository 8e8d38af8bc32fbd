package com.acme.orderservice.order;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;
import com.acme.orderservice.deadline.RequestBudget;
import com.acme.orderservice.user.UserDirectory;
import com.acme.orderservice.security.Caller;
import com.acme.orderservice.security.NotTheBuyerException;
import com.acme.orderservice.user.UserSummary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Orders: placing one (with idempotency), reading, listing. The same rules for the REST
 * edge and for acme.order.v1.OrderService.
 */
@Service
public class OrderService {

	private static final Logger logger = LoggerFactory.getLogger(OrderService.class);

	private final OrderRepository orders;

	private final UserDirectory users;

	private final OrdersProperties properties;

	public OrderService(OrderRepository orders, UserDirectory users, OrdersProperties properties) {
		this.orders = orders;
		this.users = users;
		this.properties = properties;
	}

	/**
	 * Places an order for an active user. A key used before returns the order it created,
	 * without asking user-service again, so a client retrying after a lost answer gets
	 * its order even when user-service is down.
	 * @throws UserNotEligibleException when user-service does not know the user or
	 * suspended them
	 * @throws NotTheBuyerException when a buyer orders for someone else
	 */
	public PlacedOrder place(NewOrder request, Caller caller) {
		NewOrder.CheckedOrder order = request.check();
		String userId = order.userId().toString();
		// A buyer is recognised by the email user-service holds, so even a buyer's replay
		// asks it (once); an administrator's replay needs no user-service.
		Optional<UserSummary> buyer = caller.administrator() ? Optional.empty() : this.users.find(userId);
		if (!caller.administrator()) {
			caller.requireMayActFor(userId, buyer);
		}
		Optional<Order> earlier = findEarlier(order);
		if (earlier.isPresent()) {
			return new PlacedOrder(earlier.get(), true);
		}
		requireEligible(caller.administrator() ? this.users.find(userId) : buyer, userId);
		return store(order);
	}

	/**
	 * Stores an order whose buyer was already confirmed eligible (bulk import validates
	 * them all over one stream first), with the same idempotency as {@link #place}.
	 */
	public PlacedOrder placeConfirmed(NewOrder.CheckedOrder order) {
		Optional<Order> earlier = findEarlier(order);
		return earlier.map((found) -> new PlacedOrder(found, true)).orElseGet(() -> store(order));
	}

	/**
	 * @throws NotTheBuyerException when a buyer asks for another buyer's order
	 */
	public Order get(String id, Caller caller) {
		UUID parsed = parseId(id, "id");
		Order order = this.orders.findById(parsed).orElseThrow(() -> new OrderNotFoundException(id));
		requireMayActFor(caller, order.userId().toString());
		return order;
	}

	/**
	 * @param pageSize 0 for the default; more than the maximum gets the maximum (AIP-158)
	 * @param pageToken empty or {@code null} for the first page
	 */
	public OrderPage list(String userId, int pageSize, @Nullable String pageToken, Caller caller) {
		UUID user = parseId(userId, "user_id");
		requireMayActFor(caller, userId);
		if (pageSize < 0) {
			throw new InvalidArgumentException("page_size must not be negative",
					List.of(new FieldViolation("page_size", "0 for the default, or a positive number")));
		}
		int size = (pageSize == 0) ? this.properties.pageSize() : Math.min(pageSize, this.properties.maxPageSize());
		PageToken after = (pageToken == null || pageToken.isEmpty()) ? null : PageToken.decode(pageToken);
		// One more than the page tells whether another page exists.
		List<Order> found = this.orders.findPage(user, after, size + 1);
		if (found.size() <= size) {
			return new OrderPage(found, null);
		}
		List<Order> page = found.subList(0, size);
		return new OrderPage(List.copyOf(page), PageToken.after(page.get(size - 1)).encode());
	}

	/**
	 * @throws UserNotEligibleException when {@code user} is empty or not active
	 */
	static void requireEligible(Optional<UserSummary> user, String userId) {
		if (user.isEmpty() || !user.get().canOrder()) {
			UserNotEligibleException refused = user.isEmpty() ? UserNotEligibleException.unknown(userId)
					: UserNotEligibleException.suspended(userId);
			logger.info("Refused an order for user {}: {}", userId, refused.reason());
			throw refused;
		}
	}

	private void requireMayActFor(Caller caller, String userId) {
		if (!caller.administrator()) {
			caller.requireMayActFor(userId, this.users.find(userId));
		}
	}

	private Optional<Order> findEarlier(NewOrder.CheckedOrder order) {
		if (order.idempotencyKey() == null) {
			return Optional.empty();
		}
		Optional<Order> earlier = this.orders.findByIdempotencyKey(order.userId(), order.idempotencyKey());
		earlier.filter((found) -> !order.sameAs(found)).ifPresent((found) -> {
			throw new IdempotencyKeyReusedException(order.idempotencyKey());
		});
		return earlier;
	}

	private PlacedOrder store(NewOrder.CheckedOrder order) {
		// The calls before may have used up the budget; a write nobody waits for is not
		// started.
		RequestBudget.requireTimeLeft();
		Order created = new Order(UUID.randomUUID(), order.userId(), order.lines(), order.totalCents(),
				order.idempotencyKey(), Instant.now().truncatedTo(ChronoUnit.MICROS));
		try {
			this.orders.insert(created);
			logger.info("Placed order {} for user {}: {} cents", created.id(), created.userId(), created.totalCents());
			return new PlacedOrder(created, false);
		}
		catch (DuplicateKeyException ex) {
			// The same key was stored concurrently (a client retrying before its first
			// try answered).
			return findEarlier(order).map((found) -> new PlacedOrder(found, true)).orElseThrow(() -> ex);
		}
	}

	private static UUID parseId(String id, String field) {
		UUID parsed = OrderIds.parse(id);
		if (parsed == null) {
			throw new InvalidArgumentException(field + " is not a valid id",
					List.of(new FieldViolation(field, "must be a UUID in canonical form")));
		}
		return parsed;
	}

	/**
	 * @param replayed whether the order was created by an earlier request with the same
	 * key
	 */
	public record PlacedOrder(Order order, boolean replayed) {
	}

}
