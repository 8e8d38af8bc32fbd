package com.acme.userservice.security;

import java.time.Clock;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.Customizer;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Who may call what, for every gRPC call: the one place where access rules live.
 *
 * <p>
 * Callers authenticate with a service token, a JWT in {@code authorization: Bearer ...},
 * signed with the key whose public half is
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, addressed to
 * {@code user-service} (its {@code aud}) and not expired; its {@code roles} claim becomes
 * the caller's authorities ({@link Roles}). order-service mints its own; operators get
 * one from {@code scripts/service-token}.
 *
 * <p>
 * Health and reflection stay open, so that load balancers and probes need no credentials.
 * Rules are checked in order and the first match decides: every other method of every
 * service (UserService's, and any added later) needs SERVICE or ADMIN. A missing or
 * invalid token is UNAUTHENTICATED, a valid one without the role PERMISSION_DENIED
 * (mapped in {@code GrpcExceptionMapper}). The interceptor runs inside the exception and
 * observation interceptors (Spring gRPC's order 2), so refused calls are counted and
 * never UNKNOWN.
 */
@Configuration(proxyBeanMethods = false)
public class GrpcSecurityConfiguration {

	@Bean
	@GlobalServerInterceptor
	AuthenticationProcessInterceptor grpcSecurityInterceptor(GrpcSecurity grpc) throws Exception {
		grpc.authorizeRequests((calls) -> calls.methods("grpc.health.v1.Health/*")
			.permitAll()
			.methods("grpc.reflection.*")
			.permitAll()
			.methods("acme.user.v1.UserService/ImportUsers")
			.hasAuthority(Roles.ADMIN)
			.allRequests()
			.hasAnyAuthority(Roles.SERVICE, Roles.ADMIN));
		grpc.oauth2ResourceServer((tokens) -> tokens.jwt(Customizer.withDefaults()));
		return grpc.build();
	}

	/**
	 * Wraps Boot's decoder (signature, audience, lifetime checks) in
	 * {@link VerifiedTokenCache}.
	 */
	@Bean
	static BeanPostProcessor verifiedTokenCache() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JwtDecoder decoder && !(bean instanceof VerifiedTokenCache))
						? new VerifiedTokenCache(decoder, Clock.systemUTC()) : bean;
			}

		};
	}

}
