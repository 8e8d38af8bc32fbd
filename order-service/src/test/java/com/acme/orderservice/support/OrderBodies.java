package com.acme.orderservice.support;

import java.util.List;
import java.util.stream.Collectors;

/** JSON bodies for the REST edge's order endpoints, as a client writes them. */
public final class OrderBodies {

	private OrderBodies() {
	}

	/** {@code POST /api/orders}: one line of SKU A-1. */
	public static String order(String userId, int quantity, long unitPriceCents) {
		return "{\"userId\":\"" + userId + "\",\"lines\":[{\"sku\":\"A-1\",\"quantity\":" + quantity
				+ ",\"unitPriceCents\":" + unitPriceCents + "}]}";
	}

	/** {@code POST /api/orders/import}: one order for each buyer. */
	public static String importOf(List<String> buyers) {
		return buyers.stream().map((buyer) -> order(buyer, 1, 100)).collect(Collectors.joining(",", "[", "]"));
	}

}
