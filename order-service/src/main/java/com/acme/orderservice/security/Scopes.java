package com.acme.orderservice.security;

/**
 * The OAuth 2 scopes the edges check, as Spring Security authorities (the token's
 * {@code scope} claim, each prefixed with {@code SCOPE_}).
 */
public final class Scopes {

	/** Read orders: a buyer their own, an administrator anyone's. */
	public static final String ORDERS_READ = "SCOPE_orders.read";

	/** Place orders: a buyer for themself, an administrator for anyone. */
	public static final String ORDERS_WRITE = "SCOPE_orders.write";

	/**
	 * Administer users (create, suspend, list, bulk import) and act for every buyer. The
	 * authorization server grants it to administrators only.
	 */
	public static final String USERS_ADMIN = "SCOPE_users.admin";

	private Scopes() {
	}

}
