package com.acme.orderservice.user;

import com.acme.orderservice.security.ServiceTokens;
import com.acme.user.v1.UserServiceGrpc;
import io.grpc.ManagedChannelBuilder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.client.ImportGrpcClients;
import org.springframework.grpc.client.interceptor.security.BearerTokenAuthenticationInterceptor;

/**
 * The generated user-service stubs as beans, all on the channel named
 * {@code user-service}: its target, deadlines, retries, keepalive, TLS and load balancing
 * are in application.yml ({@code spring.grpc.client.channel.user-service.*}). The one
 * thing added here is who we are: every call on that channel carries our service token
 * ({@link ServiceTokens}).
 */
@Configuration(proxyBeanMethods = false)
@ImportGrpcClients(target = "user-service",
		types = { UserServiceGrpc.UserServiceBlockingStub.class, UserServiceGrpc.UserServiceStub.class })
class UserClientConfiguration {

	@Bean
	<B extends ManagedChannelBuilder<B>> GrpcChannelBuilderCustomizer<B> userServiceToken(ServiceTokens tokens) {
		return GrpcChannelBuilderCustomizer.matching("user-service",
				(builder) -> builder.intercept(new BearerTokenAuthenticationInterceptor(tokens)));
	}

}
