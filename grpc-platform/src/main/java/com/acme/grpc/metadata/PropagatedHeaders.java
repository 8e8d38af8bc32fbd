package com.acme.grpc.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.grpc.Context;
import org.jspecify.annotations.Nullable;

/**
 * The headers one request carries along ({@link MetadataProperties}): what came in, plus
 * a request id when the caller sent none. They live in the {@link Context} of the
 * request, so every gRPC call made on its behalf, on any thread that carries the Context,
 * forwards them ({@link MetadataClientInterceptor}).
 */
public final class PropagatedHeaders {

	/** The header that ties every log line of one request together, across services. */
	public static final String REQUEST_ID = "x-request-id";

	static final Context.Key<PropagatedHeaders> CONTEXT_KEY = Context.key("acme.propagated-headers");

	private static final PropagatedHeaders NONE = new PropagatedHeaders(null, Map.of(), Map.of());

	// Values end up in log lines, metadata and response headers: only characters that
	// cannot forge a log line or a header pass (no CR, LF, spaces, quotes or control
	// characters). A request id that fails is replaced; any other header that fails is
	// dropped.
	private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:/+=@-]{1,128}$");

	private final @Nullable String requestId;

	private final Map<PropagatedHeader, String> values;

	private final Map<String, String> mdc;

	private PropagatedHeaders(@Nullable String requestId, Map<PropagatedHeader, String> values,
			Map<String, String> mdc) {
		this.requestId = requestId;
		this.values = Collections.unmodifiableMap(values);
		this.mdc = Collections.unmodifiableMap(mdc);
	}

	/**
	 * @param headers the configured headers
	 * ({@link MetadataProperties#propagatedHeaders()})
	 * @param incoming reads one header of the incoming request or call, {@code null} when
	 * absent
	 */
	public static PropagatedHeaders capture(List<PropagatedHeader> headers,
			Function<PropagatedHeader, @Nullable String> incoming) {
		String requestId = null;
		Map<PropagatedHeader, String> values = new LinkedHashMap<>();
		Map<String, String> mdc = new LinkedHashMap<>();
		for (PropagatedHeader header : headers) {
			String value = incoming.apply(header);
			if (value == null || !SAFE.matcher(value).matches()) {
				if (!REQUEST_ID.equals(header.name())) {
					continue;
				}
				value = UUID.randomUUID().toString();
			}
			if (REQUEST_ID.equals(header.name())) {
				requestId = value;
			}
			values.put(header, value);
			mdc.put(header.mdcKey(), value);
		}
		return new PropagatedHeaders(requestId, values, mdc);
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
		return current().requestId();
	}

	/**
	 * @return this request's id; {@code null} only for {@link #current()} outside a
	 * request
	 */
	public @Nullable String requestId() {
		return this.requestId;
	}

	/**
	 * @return header name to value, in configuration order
	 */
	public Map<String, String> values() {
		Map<String, String> byName = new LinkedHashMap<>();
		this.values.forEach((header, value) -> byName.put(header.name(), value));
		return byName;
	}

	/** Hands each header present, with its value, to {@code action}. */
	public void forEach(BiConsumer<PropagatedHeader, String> action) {
		this.values.forEach(action);
	}

	/**
	 * @return {@code context} with these headers as the current ones
	 */
	public Context attachTo(Context context) {
		return context.withValue(CONTEXT_KEY, this);
	}

	/** Puts the headers into the logging MDC until the returned scope is closed. */
	public MdcScope putInMdc() {
		return MdcScope.put(this.mdc);
	}

}
