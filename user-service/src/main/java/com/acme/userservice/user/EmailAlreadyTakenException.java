package com.acme.userservice.user;

/**
 * Another user already has this email.
 */
public class EmailAlreadyTakenException extends RuntimeException {

	public EmailAlreadyTakenException(String email) {
		super("email " + email + " is already taken");
	}

}
