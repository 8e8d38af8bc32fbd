package com.acme.grpc.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code acme.grpc.server.health.*}.
 *
 * @param drainDelay how long health reports NOT_SERVING while the server still takes
 * calls, before shutdown proceeds; gives polling health checkers time to notice
 */
@ConfigurationProperties("acme.grpc.server.health")
public record ShutdownHealthProperties(@DefaultValue("0s") Duration drainDelay) {

	public ShutdownHealthProperties {
		if (drainDelay.isNegative()) {
			throw new IllegalArgumentException("acme.grpc.server.health.drain-delay must not be negative");
		}
	}

}
