package com.acme.orderservice.order;

import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Ids as the contract defines them: UUIDs in canonical text form, nothing looser. */
final class OrderIds {

	private OrderIds() {
	}

	/**
	 * @return the id, or {@code null} when the text is not a canonical UUID
	 */
	static @Nullable UUID parse(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			UUID parsed = UUID.fromString(text);
			// UUID.fromString accepts forms like "1-1-1-1-1"; only the canonical one is
			// an id.
			return parsed.toString().equals(text.toLowerCase(Locale.ROOT)) ? parsed : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
