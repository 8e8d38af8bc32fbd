package com.acme.userservice.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sizes of the user streams ({@code acme.users.*}).
 *
 * @param listPageSize users read from the database per page while streaming
 * {@code ListUsers}; bounds the memory one stream holds
 * @param importMaxItems most items one {@code ImportUsers} call may send before it is
 * refused with RESOURCE_EXHAUSTED
 */
@ConfigurationProperties("acme.users")
public record UsersProperties(@DefaultValue("100") int listPageSize, @DefaultValue("10000") int importMaxItems) {

	public UsersProperties {
		if (listPageSize < 1 || importMaxItems < 1) {
			throw new IllegalArgumentException(
					"acme.users.list-page-size and acme.users.import-max-items must be at least 1");
		}
	}

}
