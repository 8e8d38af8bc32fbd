package com.acme.userservice.user;

import java.util.UUID;

/**
 * No user has the requested id.
 */
public class UserNotFoundException extends RuntimeException {

	public UserNotFoundException(UUID id) {
		super("user " + id + " not found");
	}

}
