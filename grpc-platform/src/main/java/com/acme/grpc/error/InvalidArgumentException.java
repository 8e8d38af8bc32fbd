package com.acme.grpc.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request that can never succeed as sent: INVALID_ARGUMENT (HTTP 400 at a REST edge)
 * with a {@code google.rpc.BadRequest} listing every bad field, not only the first, so a
 * caller can fix its request in one round trip.
 */
public class InvalidArgumentException extends RuntimeException {

	private final List<FieldViolation> violations;

	public InvalidArgumentException(String message, List<FieldViolation> violations) {
		// No stack trace: a client's mistake, raised often, never a bug to debug here.
		super(message, null, false, false);
		this.violations = List.copyOf(violations);
	}

	/** With a message listing every violation. */
	public InvalidArgumentException(List<FieldViolation> violations) {
		this(violations.stream()
			.map((violation) -> violation.field() + ": " + violation.description())
			.collect(Collectors.joining("; ")), violations);
	}

	public InvalidArgumentException(String field, String description) {
		this(List.of(new FieldViolation(field, description)));
	}

	public List<FieldViolation> getViolations() {
		return this.violations;
	}

}
