package com.acme.userservice.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Who may call user-service, each caller with keys of its own: a service token is
 * accepted only when its {@code kid} names one of these keys and its signature verifies
 * with it, and it gets at most the roles bound to that key. So a caller holding one key
 * cannot sign itself another caller's roles: order-service, whose key is bound to
 * SERVICE, cannot mint ADMIN.
 *
 * @param audience what every token's {@code aud} must contain
 * @param callers the callers and their keys
 */
@ConfigurationProperties("acme.security")
public record ServiceCallersProperties(String audience, List<Caller> callers) {

	public ServiceCallersProperties {
		callers = (callers != null) ? List.copyOf(callers) : List.of();
	}

	/**
	 * One caller.
	 *
	 * @param name for logs
	 * @param roles the most its tokens grant (SERVICE, ADMIN), whatever their
	 * {@code roles} claim says
	 * @param keys its RSA public keys (PEM); two during a key rotation, so that tokens
	 * signed with either are accepted while the caller switches
	 */
	public record Caller(String name, List<String> roles, List<Resource> keys) {

		public Caller {
			roles = (roles != null) ? List.copyOf(roles) : List.of();
			keys = (keys != null) ? List.copyOf(keys) : List.of();
		}

	}

}
