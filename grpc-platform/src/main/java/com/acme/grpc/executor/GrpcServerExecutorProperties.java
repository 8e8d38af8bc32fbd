package com.acme.grpc.executor;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code acme.grpc.server.executor.*}.
 *
 * @param parallelism threads running gRPC handlers; the platform's defaults tie it to the
 * database connection pool size
 */
@ConfigurationProperties("acme.grpc.server.executor")
public record GrpcServerExecutorProperties(@DefaultValue("10") int parallelism) {

	public GrpcServerExecutorProperties {
		if (parallelism < 1) {
			throw new IllegalArgumentException("acme.grpc.server.executor.parallelism must be at least 1");
		}
	}

}
