package com.acme.stack.reliability;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the clients of a crash test were told: every write answered with success (a 201, a
 * gRPC OK), which is a promise that it is stored; every order whose answer never came
 * (its outcome unknown, to be retried with the same key); and every answer a client
 * should never get.
 */
final class Acknowledged {

	/** Users acknowledged as created, by id, with their email. */
	final Map<String, String> users = new ConcurrentHashMap<>();

	/**
	 * Emails of users created by acknowledged ImportUsers calls (the answer carries no
	 * ids).
	 */
	final Set<String> importedEmails = ConcurrentHashMap.newKeySet();

	/** Orders acknowledged as placed, by idempotency key. */
	final Map<String, PlacedOrder> orders = new ConcurrentHashMap<>();

	/** Orders sent without an answer: the request may or may not have been stored. */
	final Map<String, OrderRequest> unanswered = new ConcurrentHashMap<>();

	/**
	 * Answers outside what a crash may cause (for example a 500): each fails the test.
	 */
	final List<String> unexpected = new CopyOnWriteArrayList<>();

	private final Map<Path, AtomicInteger> counts = new EnumMap<>(Path.class);

	Acknowledged() {
		for (Path path : Path.values()) {
			this.counts.put(path, new AtomicInteger());
		}
	}

	/** Acknowledged writes so far, over {@code path}. */
	int count(Path path) {
		return this.counts.get(path).get();
	}

	/** Acknowledged writes so far, over every path. */
	int count() {
		return this.counts.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	void user(Path path, String id, String email) {
		this.users.put(id, email);
		this.counts.get(path).incrementAndGet();
	}

	void imported(List<String> emails) {
		this.importedEmails.addAll(emails);
		this.counts.get(Path.IMPORT_USERS).incrementAndGet();
	}

	void order(OrderRequest request, String orderId) {
		PlacedOrder earlier = this.orders.putIfAbsent(request.key(), new PlacedOrder(request, orderId));
		if (earlier != null && !earlier.orderId().equals(orderId)) {
			this.unexpected
				.add("idempotency key " + request.key() + " answered order " + orderId + " after " + earlier.orderId());
		}
		this.unanswered.remove(request.key());
		this.counts.get((request.channel() == Channel.REST) ? Path.ORDER_OVER_REST : Path.ORDER_OVER_GRPC)
			.incrementAndGet();
	}

	void unanswered(OrderRequest request) {
		if (!this.orders.containsKey(request.key())) {
			this.unanswered.put(request.key(), request);
		}
	}

	/**
	 * A waiting retry over {@code channel}, if any: an order whose earlier attempt got no
	 * answer.
	 */
	OrderRequest nextRetry(Channel channel) {
		for (OrderRequest request : this.unanswered.values()) {
			if (request.channel() == channel) {
				return request;
			}
		}
		return null;
	}

	/** What was acknowledged, for the test's report. */
	String summary() {
		List<String> parts = new ArrayList<>();
		parts.add(this.users.size() + " users");
		parts.add(this.importedEmails.size() + " imported users");
		parts.add(this.orders.size() + " orders");
		parts.add(this.unanswered.size() + " orders awaiting a retry");
		return String.join(", ", parts);
	}

	/**
	 * An order as a client sends it, again and again with the same key until it is
	 * answered.
	 */
	record OrderRequest(String key, String buyer, Channel channel) {

		String json() {
			return "{\"userId\":\"" + this.buyer
					+ "\",\"lines\":[{\"sku\":\"CRASH-1\",\"quantity\":1,\"unitPriceCents\":100}]}";
		}

	}

	record PlacedOrder(OrderRequest request, String orderId) {
	}

	/** Which edge of order-service a client used. */
	enum Channel {

		REST, GRPC

	}

	/** The ways a client writes, each through other processes and calls. */
	enum Path {

		/** REST edge, then CreateUser on user-service. */
		USER_OVER_REST,

		/** CreateUser on user-service directly. */
		USER_OVER_GRPC,

		/** ImportUsers on user-service directly. */
		IMPORT_USERS,

		/** REST edge: GetUser on user-service, then order-service's own database. */
		ORDER_OVER_REST,

		/** CreateOrder on order-service's gRPC server: the same, over gRPC. */
		ORDER_OVER_GRPC

	}

}
