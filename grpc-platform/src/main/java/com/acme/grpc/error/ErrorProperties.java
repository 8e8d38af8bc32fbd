package com.acme.grpc.error;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acme.grpc.error.*}.
 *
 * @param domain the {@code google.rpc.ErrorInfo} domain of every error this service
 * raises, for example {@code users.acme.example}; the application name when not set
 */
@ConfigurationProperties("acme.grpc.error")
public record ErrorProperties(String domain) {

	public ErrorProperties {
		if (domain == null || domain.isBlank()) {
			throw new IllegalArgumentException("acme.grpc.error.domain must be set (the ErrorInfo domain)");
		}
	}

}
