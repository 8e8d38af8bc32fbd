package com.acme.orderservice.security;

/**
 * A caller asked to act for a buyer who is not them: PERMISSION_DENIED, 403.
 */
public class NotTheBuyerException extends RuntimeException {

	public NotTheBuyerException(String userId) {
		super("The caller may act only for their own user, not for user " + userId);
	}

}
