package com.acme.grpc.metadata;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code acme.grpc.metadata.*}: which request headers travel with a request. Each one is
 * taken from the incoming gRPC call (or HTTP request, at a REST edge), kept in the call's
 * {@link io.grpc.Context}, put in the logging MDC, and forwarded as metadata on every
 * outbound gRPC call made on the request's behalf. {@code x-request-id} is always one of
 * them, generated when the caller sent none.
 *
 * @param headers header names; matched case-insensitively, forwarded in lower case as
 * gRPC requires; in the MDC under camel-case keys without {@code x-} ({@code x-tenant-id}
 * as {@code tenantId})
 */
@ConfigurationProperties("acme.grpc.metadata")
public record MetadataProperties(@DefaultValue( {
		"x-request-id", "x-tenant-id" }) List<String> headers){

	public MetadataProperties {
		headers = headers.stream().map((name) -> name.trim().toLowerCase(Locale.ROOT)).distinct().toList();
		if (!headers.contains(PropagatedHeaders.REQUEST_ID)) {
			headers = Stream.concat(Stream.of(PropagatedHeaders.REQUEST_ID), headers.stream()).toList();
		}
		for (String name : headers) {
			if (name.isEmpty() || name.endsWith("-bin")) {
				throw new IllegalArgumentException(
						"acme.grpc.metadata.headers: '" + name + "' is not a text header name");
			}
		}
	}

	/**
	 * @return the headers with their metadata keys and MDC keys, built once per service
	 * (building keys per call cost more CPU than a health check, in the benchmark's
	 * profile)
	 */
	public List<PropagatedHeader> propagatedHeaders() {
		return this.headers.stream().map(PropagatedHeader::of).toList();
	}

}
