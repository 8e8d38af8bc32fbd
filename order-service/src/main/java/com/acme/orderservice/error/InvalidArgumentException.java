package com.acme.orderservice.error;

import java.util.List;

/**
 * A request that can never succeed as sent: INVALID_ARGUMENT, HTTP 400, every bad field
 * listed.
 */
public class InvalidArgumentException extends RuntimeException {

	private final List<FieldViolation> violations;

	public InvalidArgumentException(String message, List<FieldViolation> violations) {
		super(message, null, false, false);
		this.violations = List.copyOf(violations);
	}

	public List<FieldViolation> getViolations() {
		return this.violations;
	}

}
