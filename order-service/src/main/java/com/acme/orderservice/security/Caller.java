package com.acme.orderservice.security;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import com.acme.orderservice.user.UserSummary;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who a request acts as, from its verified token, and the ownership rule: an
 * administrator (scope {@code users.admin}) acts for every buyer; anyone else only for
 * the user of user-service whose email is their token's verified {@code email} (the
 * OpenID Connect claims {@code email} and {@code email_verified}, so any standard
 * provider works). A machine client's token names no email and acts for nobody unless it
 * is an administrator.
 *
 * @param name the token's subject, for logs
 * @param email the verified email, or {@code null} when the token has none
 * @param administrator whether the token has the admin scope
 */
public record Caller(String name, @Nullable String email, boolean administrator) {

	public static Caller of(Authentication authentication) {
		boolean administrator = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(Scopes.USERS_ADMIN::equals);
		String email = null;
		if (authentication.getPrincipal() instanceof Jwt jwt
				&& Boolean.TRUE.equals(jwt.getClaimAsBoolean("email_verified"))) {
			email = jwt.getClaimAsString("email");
		}
		return new Caller(authentication.getName(), email, administrator);
	}

	/**
	 * The caller of the request or gRPC call this thread serves (Spring Security's filter
	 * and Spring gRPC's interceptor set it before any handler runs).
	 */
	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null) {
			throw new IllegalStateException("no authenticated caller: the security configuration lets this through");
		}
		return of(authentication);
	}

	/**
	 * @param buyer the user of user-service the request acts for, empty when it knows
	 * none
	 * @throws NotTheBuyerException unless the caller is an administrator or that user
	 */
	public void requireMayActFor(String userId, Optional<UserSummary> buyer) {
		if (this.administrator) {
			return;
		}
		if (this.email == null || buyer.isEmpty() || !this.email.equalsIgnoreCase(buyer.get().email())) {
			throw new NotTheBuyerException(userId);
		}
	}

}
