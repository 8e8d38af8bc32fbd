package com.acme.stack.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the clients of a crash test were told: every write answered with success (a 201, a gRPC
 * OK), which is a promise that it is stored; every order whose answer never came (its outcome
 * unknown, to be retried with the same key); and every answer a client should never get.
 */
final class Acknowledged {

	/** Users acknowledged as created, by id, with their email. */
	final Map<String, String> users = new ConcurrentHashMap<>();

	/** Emails of users created by acknowledged ImportUsers calls (the answer carries no ids). */
	final Set<String> importedEmails = ConcurrentHashMap.newKeySet();

	/** Orders acknowledged as placed, by idempotency key. */
	final Map<String, PlacedOrder> orders = new ConcurrentHashMap<>();

	/** Orders sent without an answer: the request may or may not have been stored. */
	final Map<String, OrderRequest> unanswered = new ConcurrentHashMap<>();

	/** Answers outside what a crash may cause (for example a 500): each fails the test. */
	final List<String> unexpected = new CopyOnWriteArrayList<>();

	private final AtomicInteger count = new AtomicInteger();

	/** Acknowledged writes so far, of every kind. */
	int count() {
		return this.count.get();
	}

	void user(String id, String email) {
		this.users.put(id, email);
		this.count.incrementAndGet();
	}

	void imported(List<String> emails) {
		this.importedEmails.addAll(emails);
		this.count.incrementAndGet();
	}

	void order(OrderRequest request, String orderId) {
		PlacedOrder earlier = this.orders.putIfAbsent(request.key(), new PlacedOrder(request, orderId));
		if (earlier != null && !earlier.orderId().equals(orderId)) {
			this.unexpected.add("idempotency key " + request.key() + " answered order " + orderId + " after "
					+ earlier.orderId());
		}
		this.unanswered.remove(request.key());
		this.count.incrementAndGet();
	}

	void unanswered(OrderRequest request) {
		if (!this.orders.containsKey(request.key())) {
			this.unanswered.put(request.key(), request);
		}
	}

	/** A waiting retry over {@code channel}, if any: an order whose earlier attempt got no answer. */
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

	/** An order as a client sends it, again and again with the same key until it is answered. */
	record OrderRequest(String key, String buyer, Channel channel) {

		String json() {
			return "{\"userId\":\"" + this.buyer + "\",\"lines\":[{\"sku\":\"CRASH-1\",\"quantity\":1,"
					+ "\"unitPriceCents\":" + price() + "}]}";
		}

		/** Differs from key to key, so that a key answered with another key's order shows. */
		long price() {
			return 100 + Math.floorMod(this.key.hashCode(), 10_000);
		}

	}

	record PlacedOrder(OrderRequest request, String orderId) {
	}

	/** Which edge of order-service a client used. */
	enum Channel {

		REST, GRPC

	}

}
