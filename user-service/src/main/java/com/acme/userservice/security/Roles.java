package com.acme.userservice.security;

/**
 * The roles a service token can carry (its {@code roles} claim), as Spring Security
 * authorities.
 */
public final class Roles {

	/**
	 * Another service of ours (order-service): may read and change users, one at a time.
	 */
	public static final String SERVICE = "ROLE_SERVICE";

	/** An operator: may also bulk-import users. */
	public static final String ADMIN = "ROLE_ADMIN";

	private Roles() {
	}

}
