package com.acme.userservice.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The HTTP port serves only Actuator (health for probes, Prometheus for scraping), which
 * must be reachable without credentials like gRPC health. Declaring this chain stops
 * Spring Boot from guarding it with a generated password or with the JWT rules meant for
 * gRPC callers.
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorSecurityConfiguration {

	@Bean
	SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
