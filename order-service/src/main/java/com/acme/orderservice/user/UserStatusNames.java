package com.acme.orderservice.user;

import java.util.List;
import java.util.Locale;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;
import com.acme.user.v1.UserStatus;
import org.jspecify.annotations.Nullable;

/** User statuses as the REST edge names them: {@code ACTIVE}, {@code SUSPENDED}. */
public final class UserStatusNames {

	private static final String PREFIX = "USER_STATUS_";

	private UserStatusNames() {
	}

	public static String of(UserStatus status) {
		return (status == UserStatus.USER_STATUS_ACTIVE || status == UserStatus.USER_STATUS_SUSPENDED)
				? status.name().substring(PREFIX.length()) : "UNSPECIFIED";
	}

	/**
	 * @param field the parameter or field the name came from, for the error
	 * @return the status; UNSPECIFIED for {@code null} or blank
	 * @throws InvalidArgumentException for anything but ACTIVE or SUSPENDED
	 */
	public static UserStatus parse(@Nullable String name, String field) {
		if (name == null || name.isBlank()) {
			return UserStatus.USER_STATUS_UNSPECIFIED;
		}
		return switch (name.trim().toUpperCase(Locale.ROOT)) {
			case "ACTIVE" -> UserStatus.USER_STATUS_ACTIVE;
			case "SUSPENDED" -> UserStatus.USER_STATUS_SUSPENDED;
			default -> throw new InvalidArgumentException(field + " must be ACTIVE or SUSPENDED",
					List.of(new FieldViolation(field, "ACTIVE or SUSPENDED")));
		};
	}

}
