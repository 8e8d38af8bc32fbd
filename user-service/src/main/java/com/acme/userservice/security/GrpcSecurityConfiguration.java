package com.acme.userservice.security;

import io.grpc.ServerInterceptor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who may call what, for every gRPC call: the one place where access rules live.
 *
 * <p>
 * Callers authenticate with a service token, a JWT in {@code authorization: Bearer ...},
 * signed with a key of their own whose public half is listed in
 * {@code acme.security.callers}, addressed to {@code user-service} (its {@code aud}) and
 * not expired; its {@code roles} claim, cut to the roles bound to that key, becomes the
 * caller's authorities ({@link Roles}, {@link ServiceTokenDecoderConfiguration}).
 * order-service mints its own; operators get one from {@code scripts/service-token}.
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
	AuthenticationProcessInterceptor grpcSecurityInterceptor(GrpcSecurity grpc,
			Converter<Jwt, AbstractAuthenticationToken> serviceTokenAuthentication) throws Exception {
		grpc.authorizeRequests((calls) -> calls.methods("grpc.health.v1.Health/*")
			.permitAll()
			.methods("grpc.reflection.*")
			.permitAll()
			.methods("acme.user.v1.UserService/ImportUsers")
			.hasAuthority(Roles.ADMIN)
			.allRequests()
			.hasAnyAuthority(Roles.SERVICE, Roles.ADMIN));
		grpc.oauth2ResourceServer(
				(tokens) -> tokens.jwt((jwt) -> jwt.jwtAuthenticationConverter(serviceTokenAuthentication)));
		return grpc.build();
	}

	/** On whose behalf the caller acts, in the call's log lines. */
	@Bean
	@GlobalServerInterceptor
	ServerInterceptor endUserLogging() {
		return new EndUserLogging();
	}

}
