package com.acme.grpc.metadata;

import io.grpc.Metadata;

/**
 * One header that travels with a request, with the keys it goes by.
 *
 * @param name lower-case header name, as gRPC metadata and HTTP/2 spell it
 * @param key its gRPC metadata key
 * @param mdcKey its logging MDC key: camel case without {@code x-} ({@code x-tenant-id}
 * as {@code tenantId}, printed with {@code %X{tenantId}})
 */
public record PropagatedHeader(String name, Metadata.Key<String> key, String mdcKey) {

	static PropagatedHeader of(String name) {
		return new PropagatedHeader(name, Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), mdcKey(name));
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

}
