package com.acme.orderservice.user.web;

import java.time.Instant;
import java.util.List;

import com.acme.orderservice.user.UserStatusNames;
import com.acme.user.v1.User;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the user endpoints (see static/openapi.yaml). */
final class UserJson {

	private UserJson() {
	}

	record NewUserBody(@Nullable String email, @Nullable String displayName) {
	}

	record StatusBody(@Nullable String status) {
	}

	record UserView(String id, String email, String displayName, String status, Instant createTime) {

		static UserView of(User user) {
			return new UserView(user.getId(), user.getEmail(), user.getDisplayName(),
					UserStatusNames.of(user.getStatus()),
					Instant.ofEpochSecond(user.getCreateTime().getSeconds(), user.getCreateTime().getNanos()));
		}

	}

	/**
	 * @param nextPageToken pass as {@code pageToken} for the next page; absent on the
	 * last one
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record UserPageView(List<UserView> users, @Nullable String nextPageToken) {
	}

}
