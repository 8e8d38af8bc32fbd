package com.acme.grpc.executor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.context.annotation.Bean;

/**
 * The executor gRPC handlers run on ({@code acme.grpc.server.executor.*}); see
 * {@link GrpcServerExecutor} for why it is chosen, not left to grpc-java's default.
 */
@AutoConfiguration(before = GrpcServerAutoConfiguration.class)
@EnableConfigurationProperties(GrpcServerExecutorProperties.class)
public class ExecutorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(GrpcServerExecutorProvider.class)
	GrpcServerExecutor grpcServerExecutor(GrpcServerExecutorProperties properties) {
		return new GrpcServerExecutor(properties);
	}

}
