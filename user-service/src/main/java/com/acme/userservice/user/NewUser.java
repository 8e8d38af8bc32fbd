package com.acme.userservice.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;

/**
 * Validated, normalized input for a new user. The only way to build one is {@link #of},
 * so a {@code NewUser} in hand has passed every rule.
 *
 * @param email trimmed and lower-cased, so uniqueness is case-insensitive
 * @param displayName trimmed
 */
public record NewUser(String email, String displayName) {

	static final int MAX_EMAIL_LENGTH = 254;

	static final int MAX_DISPLAY_NAME_LENGTH = 200;

	// The WHATWG "valid email address" grammar: strict enough to catch typos, loose
	// enough not to refuse real addresses. Deliverability is not our check to make.
	private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
			+ "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

	public NewUser {
		List<FieldViolation> violations = violationsOf(email, displayName);
		if (!violations.isEmpty()) {
			throw new InvalidArgumentException(violations);
		}
	}

	/**
	 * Normalizes and validates raw input.
	 * @throws InvalidArgumentException listing every broken rule
	 */
	public static NewUser of(String email, String displayName) {
		return new NewUser(email.strip().toLowerCase(Locale.ROOT), displayName.strip());
	}

	private static List<FieldViolation> violationsOf(String email, String displayName) {
		List<FieldViolation> violations = new ArrayList<>(2);
		if (email.isEmpty()) {
			violations.add(new FieldViolation("email", "email is required"));
		}
		else if (email.length() > MAX_EMAIL_LENGTH) {
			violations.add(new FieldViolation("email", "email must be at most " + MAX_EMAIL_LENGTH + " characters"));
		}
		else if (!EMAIL.matcher(email).matches()) {
			violations.add(new FieldViolation("email", "email is not a valid address"));
		}
		if (displayName.isEmpty()) {
			violations.add(new FieldViolation("display_name", "display_name is required"));
		}
		else if (displayName.codePointCount(0, displayName.length()) > MAX_DISPLAY_NAME_LENGTH) {
			violations.add(new FieldViolation("display_name",
					"display_name must be at most " + MAX_DISPLAY_NAME_LENGTH + " characters"));
		}
		else if (displayName.codePoints().anyMatch(Character::isISOControl)) {
			violations.add(new FieldViolation("display_name", "display_name must not contain control characters"));
		}
		return violations;
	}

}
