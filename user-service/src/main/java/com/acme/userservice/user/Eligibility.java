package com.acme.userservice.user;

import org.jspecify.annotations.Nullable;

/**
 * Whether a user may place an order, and why not.
 *
 * @param canOrder true only for an existing, active user
 * @param status the user's status, {@code null} when there is no such user
 * @param reason why {@code canOrder} is false; empty when it is true
 */
public record Eligibility(boolean canOrder, @Nullable UserStatus status, String reason) {

	static Eligibility of(User user) {
		return user.canOrder() ? new Eligibility(true, user.status(), "")
				: new Eligibility(false, user.status(), "user is " + user.status().name().toLowerCase());
	}

	static Eligibility refused(String reason) {
		return new Eligibility(false, null, reason);
	}

}
