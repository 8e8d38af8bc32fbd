package com.acme.userservice.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * One {@link GrpcClients} per test application context, connected to its gRPC port. Lazy,
 * so it is created when a test first asks for it: after the server has started and has a
 * port. The port stays valid because test contexts are never paused (see
 * {@code spring.properties}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class GrpcClientsConfiguration {

	@Bean(destroyMethod = "close")
	@Lazy
	GrpcClients grpcClients(GrpcServerLifecycle server) {
		return new GrpcClients(server.getPort());
	}

}
