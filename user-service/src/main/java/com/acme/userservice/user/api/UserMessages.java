package com.acme.userservice.user.api;

import com.acme.userservice.user.User;
import com.acme.userservice.user.UserStatus;
import com.google.protobuf.Timestamp;
import org.jspecify.annotations.Nullable;

/**
 * Translates between the domain and the {@code acme.user.v1} messages. The only place
 * that knows both, so the domain never sees protobuf and the wire never sees domain
 * types.
 */
final class UserMessages {

	private UserMessages() {
	}

	static com.acme.user.v1.User toProto(User user) {
		return com.acme.user.v1.User.newBuilder()
			.setId(user.id().toString())
			.setEmail(user.email())
			.setDisplayName(user.displayName())
			.setStatus(toProto(user.status()))
			.setCreateTime(Timestamp.newBuilder()
				.setSeconds(user.createTime().getEpochSecond())
				.setNanos(user.createTime().getNano()))
			.build();
	}

	static com.acme.user.v1.UserStatus toProto(@Nullable UserStatus status) {
		if (status == null) {
			return com.acme.user.v1.UserStatus.USER_STATUS_UNSPECIFIED;
		}
		return switch (status) {
			case ACTIVE -> com.acme.user.v1.UserStatus.USER_STATUS_ACTIVE;
			case SUSPENDED -> com.acme.user.v1.UserStatus.USER_STATUS_SUSPENDED;
		};
	}

	/**
	 * @return the domain status, or {@code null} for UNSPECIFIED and for numbers this
	 * build does not know (UNRECOGNIZED, sent by a newer client)
	 */
	static @Nullable UserStatus toDomain(com.acme.user.v1.UserStatus status) {
		return switch (status) {
			case USER_STATUS_ACTIVE -> UserStatus.ACTIVE;
			case USER_STATUS_SUSPENDED -> UserStatus.SUSPENDED;
			case USER_STATUS_UNSPECIFIED, UNRECOGNIZED -> null;
		};
	}

}
