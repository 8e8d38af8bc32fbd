package com.acme.userservice.user;

import java.time.Instant;
import java.util.UUID;

/**
 * A person who may place orders.
 *
 * @param id server-assigned identifier
 * @param email unique, trimmed and lower-cased
 * @param displayName name shown to people
 * @param status whether the user may place orders
 * @param createTime creation instant, at microsecond precision (what PostgreSQL stores)
 */
public record User(UUID id, String email, String displayName, UserStatus status, Instant createTime) {

	public boolean canOrder() {
		return this.status == UserStatus.ACTIVE;
	}

}
