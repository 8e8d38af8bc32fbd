package com.acme.orderservice.user;

import com.acme.user.v1.UserServiceGrpc;

import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.ImportGrpcClients;

/**
 * The generated user-service stubs as beans, all on the channel named {@code user-service}:
 * its target, deadlines, retries, keepalive and load balancing are in application.yml
 * ({@code spring.grpc.client.channel.user-service.*}), none of it here.
 */
@Configuration(proxyBeanMethods = false)
@ImportGrpcClients(target = "user-service",
		types = { UserServiceGrpc.UserServiceBlockingStub.class, UserServiceGrpc.UserServiceStub.class })
class UserClientConfiguration {

}
