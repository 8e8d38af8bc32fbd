package com.acme.orderservice.metadata;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which request headers travel with a request: from the incoming HTTP request or gRPC
 * call to every call to user-service, and into the logging MDC. Configuration decides the
 * list ({@code acme.propagation.headers}); {@code x-request-id} is always part of it.
 *
 * @param headers header names; matched case-insensitively, forwarded in lower case as
 * gRPC requires
 */
@ConfigurationProperties("acme.propagation")
public record PropagationProperties(@DefaultValue( {
		"x-request-id", "x-tenant-id" }) List<String> headers){

	public PropagationProperties {
		headers = headers.stream().map((name) -> name.trim().toLowerCase(Locale.ROOT)).distinct().toList();
		if (!headers.contains(PropagatedHeaders.REQUEST_ID)) {
			headers = Stream.concat(Stream.of(PropagatedHeaders.REQUEST_ID), headers.stream()).toList();
		}
	}

}
