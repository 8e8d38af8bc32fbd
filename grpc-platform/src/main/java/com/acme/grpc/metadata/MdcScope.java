package com.acme.grpc.metadata;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Entries in the logging MDC for as long as the scope is open; closing it puts back what
 * those keys held before (usually nothing). The one way this platform sets the MDC: gRPC
 * runs the callbacks of one call on whichever pooled thread is free, so an entry left
 * behind would be printed in another request's log lines.
 */
public final class MdcScope implements AutoCloseable {

	private static final MdcScope EMPTY = new MdcScope(Map.of());

	private final Map<String, @Nullable String> previous;

	private MdcScope(Map<String, @Nullable String> previous) {
		this.previous = previous;
	}

	/**
	 * @param entries MDC key to value; {@code null} (no MDC captured) puts nothing
	 */
	public static MdcScope put(@Nullable Map<String, String> entries) {
		if (entries == null || entries.isEmpty()) {
			return EMPTY;
		}
		Map<String, @Nullable String> previous = new HashMap<>(entries.size() * 2);
		entries.forEach((key, value) -> {
			previous.put(key, MDC.get(key));
			MDC.put(key, value);
		});
		return new MdcScope(previous);
	}

	@Override
	public void close() {
		this.previous.forEach((key, value) -> {
			if (value == null) {
				MDC.remove(key);
			}
			else {
				MDC.put(key, value);
			}
		});
	}

}
