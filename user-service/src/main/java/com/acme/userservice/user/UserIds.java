package com.acme.userservice.user;

import java.util.UUID;
import java.util.regex.Pattern;

import com.acme.grpc.error.InvalidArgumentException;

/**
 * Parses user ids from requests. Only the 36-character 8-4-4-4-12 UUID form is accepted
 * (hex in either case): {@link UUID#fromString} alone also takes forms like
 * {@code 1-1-1-1-1}, which would give one user many ids. Responses always carry the
 * lower-case form.
 */
public final class UserIds {

	private static final Pattern CANONICAL_UUID = Pattern
		.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

	private UserIds() {
	}

	/**
	 * @param field the request field the id came from, named in the error
	 * @throws InvalidArgumentException when the id is blank or not a canonical UUID
	 */
	public static UUID parse(String field, String raw) {
		if (raw.isBlank()) {
			throw new InvalidArgumentException(field, field + " is required");
		}
		if (!CANONICAL_UUID.matcher(raw).matches()) {
			throw new InvalidArgumentException(field, field + " must be a UUID");
		}
		return UUID.fromString(raw);
	}

}
