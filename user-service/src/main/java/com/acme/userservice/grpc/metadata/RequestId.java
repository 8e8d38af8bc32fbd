package com.acme.userservice.grpc.metadata;

import java.util.UUID;
import java.util.regex.Pattern;

import io.grpc.Context;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * The request id that ties together every log line of one request across services.
 */
public final class RequestId {

	/** gRPC metadata key, the lower-case form of the HTTP header {@code X-Request-Id}. */
	public static final Metadata.Key<String> METADATA_KEY = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	/** The logging MDC key; log patterns print it with {@code %X{requestId}}. */
	public static final String MDC_KEY = "requestId";

	/**
	 * Where the id lives for the duration of a call, so code on any thread of the call
	 * can read it.
	 */
	public static final Context.Key<String> CONTEXT_KEY = Context.key("acme.request-id");

	// Ids end up in log lines and response headers: only characters that cannot forge a
	// log line or a header are kept (no CR, LF, spaces, quotes or control characters).
	private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:/+=@-]{1,128}$");

	private RequestId() {
	}

	/**
	 * @return the id of the call in progress, or {@code null} outside of one
	 */
	public static @Nullable String current() {
		return CONTEXT_KEY.get();
	}

	/**
	 * @return the caller's id when it is safe to echo, otherwise a new one
	 */
	static String fromCaller(@Nullable String candidate) {
		return (candidate != null && isSafe(candidate)) ? candidate : UUID.randomUUID().toString();
	}

	/**
	 * @return whether a metadata value may be logged and echoed
	 */
	static boolean isSafe(String value) {
		return SAFE.matcher(value).matches();
	}

}
