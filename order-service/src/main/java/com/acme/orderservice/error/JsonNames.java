package com.acme.orderservice.error;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Field paths in the names REST clients know: statuses name fields as the proto does
 * ({@code lines[0].unit_price_cents}), the JSON API in camel case
 * ({@code lines[0].unitPriceCents}).
 */
public final class JsonNames {

	private static final Pattern SNAKE = Pattern.compile("_([a-z0-9])");

	private JsonNames() {
	}

	public static String of(String protoPath) {
		Matcher matcher = SNAKE.matcher(protoPath);
		StringBuilder camel = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(camel, matcher.group(1).toUpperCase(java.util.Locale.ROOT));
		}
		matcher.appendTail(camel);
		return camel.toString();
	}

}
