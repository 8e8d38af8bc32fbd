package com.acme.orderservice.security;

import com.acme.orderservice.error.ProblemDetailsAdvice;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what at both edges, the REST API and acme.order.v1.OrderService: the one
 * place where order-service's access rules live. Ownership (a buyer acts only for
 * themself) is decided by {@link Caller}, where the buyer is known.
 *
 * <p>
 * Callers send an OAuth 2 access token ({@code Authorization: Bearer ...}), a JWT checked
 * by Spring Security's resource server support against the issuer in
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}: its signature with the
 * issuer's published keys, its {@code iss}, its {@code aud} (order-service) and its
 * lifetime. Any OpenID Connect provider plugs in by that property alone.
 *
 * <pre>
 * REST                              gRPC                                  needs
 * POST  /api/orders                 OrderService/CreateOrder              orders.write (+ owner)
 * GET   /api/orders/{id}, ?userId=  OrderService/GetOrder, ListOrders     orders.read (+ owner)
 * POST  /api/orders/import                                                orders.write and users.admin
 * GET   /api/users/{id}                                                   orders.read (+ owner) or users.admin
 * POST, PATCH, GET (list) /api/users                                      users.admin
 * GET   /openapi.yaml               health, reflection                    nothing
 * </pre>
 *
 * A missing or invalid token is 401 / UNAUTHENTICATED, a valid one without the scope or
 * for another buyer 403 / PERMISSION_DENIED ({@link ProblemAnswers} and
 * {@link ProblemDetailsAdvice} on REST, the platform's error mapping on gRPC).
 */
@Configuration(proxyBeanMethods = false)
public class EdgeSecurityConfiguration {

	/**
	 * Actuator, on the management port only: probes and Prometheus need no token, and the
	 * port is not published (management.server.port).
	 */
	@Bean
	@Order(1)
	SecurityFilterChain managementSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain restEdgeSecurity(HttpSecurity http, ProblemAnswers problems) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/openapi.yaml")
			.permitAll()
			// Spring MVC's error page renders the answer of a refused or failed request.
			.requestMatchers("/error")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/api/orders/import")
			.access(AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasAuthority(Scopes.ORDERS_WRITE),
					AuthorityAuthorizationManager.hasAuthority(Scopes.USERS_ADMIN)))
			.requestMatchers(HttpMethod.POST, "/api/orders")
			.hasAuthority(Scopes.ORDERS_WRITE)
			.requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/*")
			.hasAuthority(Scopes.ORDERS_READ)
			.requestMatchers(HttpMethod.GET, "/api/users/*")
			.hasAnyAuthority(Scopes.ORDERS_READ, Scopes.USERS_ADMIN)
			.requestMatchers("/api/users", "/api/users/**")
			.hasAuthority(Scopes.USERS_ADMIN)
			// Anything else: a valid token, then 404 or 405 from Spring MVC.
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			// An API for token-carrying clients: no sessions, no cookies, so no CSRF.
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	@Bean
	@GlobalServerInterceptor
	AuthenticationProcessInterceptor grpcEdgeSecurity(GrpcSecurity grpc) throws Exception {
		grpc.authorizeRequests((calls) -> calls.methods("grpc.health.v1.Health/*")
			.permitAll()
			.methods("grpc.reflection.*")
			.permitAll()
			.methods("acme.order.v1.OrderService/CreateOrder")
			.hasAuthority(Scopes.ORDERS_WRITE)
			.methods("acme.order.v1.OrderService/GetOrder", "acme.order.v1.OrderService/ListOrders")
			.hasAuthority(Scopes.ORDERS_READ)
			// A method added later is closed until a rule above opens it.
			.allRequests()
			.denyAll());
		grpc.oauth2ResourceServer((tokens) -> tokens.jwt(Customizer.withDefaults()));
		return grpc.build();
	}

}
