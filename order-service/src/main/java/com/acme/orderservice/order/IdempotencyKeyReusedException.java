package com.acme.orderservice.order;

/**
 * An idempotency key sent again with a different order: ALREADY_EXISTS, HTTP 409.
 * Returning the first order would hide the client's bug; storing a second would break the
 * key's promise.
 */
public class IdempotencyKeyReusedException extends RuntimeException {

	IdempotencyKeyReusedException(String key) {
		super("the idempotency key " + key + " was already used for a different order", null, false, false);
	}

}
