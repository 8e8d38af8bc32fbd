package com.acme.grpc.limits;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code acme.grpc.server.limits.*}: what one client connection may ask of the server.
 * Message size and keepalive limits are Spring Boot's own
 * ({@code spring.grpc.server.inbound.*}, {@code spring.grpc.server.keepalive.*}).
 *
 * @param maxConcurrentCallsPerConnection open calls (HTTP/2 streams) one connection may
 * have; further calls wait in the client until one ends
 * @param maxRstFramesPerWindow stream resets a client may send per window before the
 * connection is closed with GOAWAY ENHANCE_YOUR_CALM (the HTTP/2 "rapid reset" attack,
 * CVE-2023-44487)
 * @param rstFramesWindow the window for {@code maxRstFramesPerWindow}, in whole seconds
 * @param maxMetadataSize request metadata above this size is refused with
 * RESOURCE_EXHAUSTED
 */
@ConfigurationProperties("acme.grpc.server.limits")
public record ServerLimitsProperties(@DefaultValue("100") int maxConcurrentCallsPerConnection,
		@DefaultValue("1000") int maxRstFramesPerWindow, @DefaultValue("10s") Duration rstFramesWindow,
		@DefaultValue("8KB") DataSize maxMetadataSize) {

	public ServerLimitsProperties {
		if (maxConcurrentCallsPerConnection < 1 || maxRstFramesPerWindow < 1) {
			throw new IllegalArgumentException("acme.grpc.server.limits counts must be positive");
		}
		if (rstFramesWindow.toSeconds() < 1) {
			throw new IllegalArgumentException("acme.grpc.server.limits.rst-frames-window must be at least 1s");
		}
	}

}
