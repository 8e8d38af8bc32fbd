package com.acme.grpc.limits;

import io.grpc.netty.NettyServerBuilder;

import org.springframework.grpc.server.ServerBuilderCustomizer;

/**
 * Per-connection limits of the Netty server that Spring Boot has no properties for.
 * Without them one client connection may open any number of concurrent calls, and may
 * open and reset streams as fast as it can send frames, keeping the server busy at no
 * cost to itself.
 */
public class ConnectionLimits implements ServerBuilderCustomizer<NettyServerBuilder> {

	private final ServerLimitsProperties limits;

	public ConnectionLimits(ServerLimitsProperties limits) {
		this.limits = limits;
	}

	@Override
	public void customize(NettyServerBuilder builder) {
		builder.maxConcurrentCallsPerConnection(this.limits.maxConcurrentCallsPerConnection());
		builder.maxRstFramesPerWindow(this.limits.maxRstFramesPerWindow(),
				(int) this.limits.rstFramesWindow().toSeconds());
	}

}
