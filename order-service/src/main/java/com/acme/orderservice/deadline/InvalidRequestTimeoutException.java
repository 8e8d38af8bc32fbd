package com.acme.orderservice.deadline;

import java.util.List;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;

/** An {@code X-Request-Timeout} header that is not a positive duration. */
public class InvalidRequestTimeoutException extends InvalidArgumentException {

	InvalidRequestTimeoutException(String value) {
		super("X-Request-Timeout must be a positive duration such as 300ms, 2s or 1m (a bare number is milliseconds)",
				List.of(new FieldViolation(RequestTimeout.HEADER,
						"'" + sanitize(value) + "' is not a duration such as 300ms, 2s or 1m")));
	}

	// The value is echoed in the answer: keep it short and printable.
	private static String sanitize(String value) {
		String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
		return (printable.length() > 32) ? printable.substring(0, 32) + "..." : printable;
	}

}
