package com.acme.testsupport.ids;

import java.util.regex.Pattern;

/**
 * What the services promise for an id they generate (a user's, an order's, a request id):
 * a random (version 4) UUID in canonical form, lower-case hex in 8-4-4-4-12 groups. Tests
 * match against it rather than parse: {@code UUID.fromString} also accepts forms no
 * client should see.
 */
public final class RandomUuid {

	public static final Pattern CANONICAL = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

	private RandomUuid() {
	}

}
