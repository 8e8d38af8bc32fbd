package com.acme.orderservice.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.grpc.Context;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The headers one request carries along (see {@link PropagationProperties}): what came
 * in, plus a request id when the caller sent none. They live in the {@link Context} of
 * the request, so every gRPC call made on its behalf, on any thread that carries the
 * Context, forwards them.
 */
public final class PropagatedHeaders {

	/** The header that ties every log line of one request together, across services. */
	public static final String REQUEST_ID = "x-request-id";

	static final Context.Key<PropagatedHeaders> CONTEXT_KEY = Context.key("acme.propagated-headers");

	private static final PropagatedHeaders NONE = new PropagatedHeaders(Map.of());

	// Values end up in log lines, metadata and response headers: only characters that
	// cannot forge a log line or a header pass (no CR, LF, quotes or control characters).
	// A request id that fails is replaced; any other header that fails is dropped.
	private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:/+=@-]{1,128}$");

	private final Map<String, String> values;

	private PropagatedHeaders(Map<String, String> values) {
		this.values = Collections.unmodifiableMap(values);
	}

	/**
	 * @param names the configured header names, lower case
	 * @param incoming reads one header of the incoming request or call, {@code null} when
	 * absent
	 */
	static PropagatedHeaders capture(List<String> names, UnaryOperator<@Nullable String> incoming) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : names) {
			String value = incoming.apply(name);
			if (value != null && SAFE.matcher(value).matches()) {
				values.put(name, value);
			}
		}
		values.putIfAbsent(REQUEST_ID, UUID.randomUUID().toString());
		return new PropagatedHeaders(values);
	}

	/**
	 * @return the headers of the request being handled; none outside of one
	 */
	public static PropagatedHeaders current() {
		PropagatedHeaders current = CONTEXT_KEY.get();
		return (current != null) ? current : NONE;
	}

	/**
	 * @return the request id of the request being handled, {@code null} outside of one
	 */
	public static @Nullable String currentRequestId() {
		return current().values.get(REQUEST_ID);
	}

	public String requestId() {
		return this.values.get(REQUEST_ID);
	}

	/**
	 * @return header name to value, in configuration order
	 */
	public Map<String, String> values() {
		return this.values;
	}

	Context attachTo(Context context) {
		return context.withValue(CONTEXT_KEY, this);
	}

	/**
	 * Puts the headers into the logging MDC until the returned scope is closed, under
	 * camel-case keys without the {@code x-} prefix ({@code x-tenant-id} as
	 * {@code tenantId}), which log patterns print with {@code %X{tenantId}}.
	 */
	MdcScope putInMdc() {
		Map<String, @Nullable String> previous = new LinkedHashMap<>();
		this.values.forEach((name, value) -> {
			String key = mdcKey(name);
			previous.put(key, MDC.get(key));
			MDC.put(key, value);
		});
		return () -> previous.forEach((key, value) -> {
			if (value == null) {
				MDC.remove(key);
			}
			else {
				MDC.put(key, value);
			}
		});
	}

	static String mdcKey(String header) {
		String name = header.startsWith("x-") ? header.substring(2) : header;
		StringBuilder key = new StringBuilder(name.length());
		boolean upper = false;
		for (char c : name.toCharArray()) {
			if (c == '-' || c == '_') {
				upper = true;
			}
			else {
				key.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return key.toString();
	}

	/** Restores the MDC entries a {@link #putInMdc()} replaced. */
	@FunctionalInterface
	interface MdcScope extends AutoCloseable {

		@Override
		void close();

	}

}
