package com.acme.orderservice.user;

import com.fasterxml.jackson.annotation.JsonIgnore;

import com.acme.user.v1.User;
import com.acme.user.v1.UserStatus;

/**
 * What orders need to know about a buyer.
 *
 * @param status {@code ACTIVE} or {@code SUSPENDED}
 */
public record UserSummary(String id, String displayName, String status, @JsonIgnore String email) {

	public static UserSummary of(User user) {
		return new UserSummary(user.getId(), user.getDisplayName(), UserStatusNames.of(user.getStatus()),
				user.getEmail());
	}

	/** Only active users may order (user-service decides the same for ValidateUsers). */
	public boolean canOrder() {
		return UserStatusNames.of(UserStatus.USER_STATUS_ACTIVE).equals(this.status);
	}

}
