package com.acme.userservice.user;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request broke one or more input rules. Carries every violation, not only the first,
 * so a caller can fix its request in one round trip.
 */
public class InvalidArgumentException extends RuntimeException {

	private final List<FieldViolation> violations;

	public InvalidArgumentException(List<FieldViolation> violations) {
		super(violations.stream()
			.map((violation) -> violation.field() + ": " + violation.description())
			.collect(Collectors.joining("; ")));
		this.violations = List.copyOf(violations);
	}

	public InvalidArgumentException(String field, String description) {
		this(List.of(new FieldViolation(field, description)));
	}

	public List<FieldViolation> getViolations() {
		return this.violations;
	}

}
