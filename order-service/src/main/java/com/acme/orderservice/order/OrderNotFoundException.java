package com.acme.orderservice.order;

/** No order has the id: NOT_FOUND, HTTP 404. */
public class OrderNotFoundException extends RuntimeException {

	OrderNotFoundException(String id) {
		super("no order has the id " + id, null, false, false);
	}

}
