package com.acme.authserver.user;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The login form's users, from {@link LocalUsersProperties}. Declaring this service
 * replaces Spring Boot's single generated user.
 */
@Configuration(proxyBeanMethods = false)
public class LocalUsersConfiguration {

	/** Marks an administrator among a signed-in person's authorities. */
	public static final String ADMIN = "ROLE_ADMIN";

	@Bean
	UserDetailsService localUsers(LocalUsersProperties properties) {
		return (username) -> properties.find(username)
			.map((user) -> User.withUsername(user.username())
				.password(user.password())
				.authorities(user.admin() ? new String[] { ADMIN, "ROLE_USER" } : new String[] { "ROLE_USER" })
				.build())
			.orElseThrow(() -> new UsernameNotFoundException("no such user"));
	}

}
