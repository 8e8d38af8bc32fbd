package com.acme.orderservice.deadline;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code X-Request-Timeout} header: a duration such as {@code 300ms},
 * {@code 2s} or {@code 1m}; a bare number is milliseconds. The unit set is gRPC's own
 * ({@code grpc-timeout} knows hours down to nanoseconds; HTTP clients need no finer than
 * milliseconds).
 */
final class RequestTimeout {

	static final String HEADER = "X-Request-Timeout";

	private static final Pattern FORMAT = Pattern.compile("^(\\d{1,9})(ms|s|m)?$");

	private RequestTimeout() {
	}

	/**
	 * @return the budget the request asks for, capped to {@code max}, or {@code fallback}
	 * when it names none
	 * @throws InvalidRequestTimeoutException when the value is not a positive duration
	 */
	static Duration budget(@Nullable String header, Duration fallback, Duration max) {
		if (header == null || header.isBlank()) {
			return fallback;
		}
		Matcher matcher = FORMAT.matcher(header.trim());
		if (!matcher.matches()) {
			throw new InvalidRequestTimeoutException(header);
		}
		long amount = Long.parseLong(matcher.group(1));
		Duration asked = switch ((matcher.group(2) != null) ? matcher.group(2) : "ms") {
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofMillis(amount);
		};
		if (asked.isZero()) {
			throw new InvalidRequestTimeoutException(header);
		}
		return (asked.compareTo(max) > 0) ? max : asked;
	}

}
