package com.acme.authserver.token;

import java.util.LinkedHashSet;
import java.util.Set;

import com.acme.authserver.user.LocalUsersConfiguration;
import com.acme.authserver.user.LocalUsersProperties;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * The claims the services decide with, added to every access token:
 * <ul>
 * <li>{@code aud}: the services it is for ({@link AccessTokenProperties}), instead of the
 * client's id that Spring Authorization Server puts there by default;</li>
 * <li>for a person (the authorization code flow): {@code email} and
 * {@code email_verified}, which order-service matches against the buyer's email, and the
 * scopes cut down to what that person may have: only an administrator keeps the admin
 * scope, whatever the client asked for.</li>
 * </ul>
 * A machine client (client credentials) is not a person: its token has no email and keeps
 * the scopes registered for it.
 */
@Component
class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final AccessTokenProperties properties;

	private final LocalUsersProperties users;

	AccessTokenCustomizer(AccessTokenProperties properties, LocalUsersProperties users) {
		this.properties = properties;
		this.users = users;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		context.getClaims().audience(this.properties.audience());
		Authentication principal = context.getPrincipal();
		if (!(principal.getPrincipal() instanceof UserDetails person)) {
			return;
		}
		this.users.find(person.getUsername())
			.ifPresent((user) -> context.getClaims().claim("email", user.email()).claim("email_verified", true));
		boolean admin = person.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(LocalUsersConfiguration.ADMIN::equals);
		if (!admin) {
			Set<String> scopes = new LinkedHashSet<>(context.getAuthorizedScopes());
			scopes.remove(this.properties.adminScope());
			context.getClaims().claim("scope", scopes);
		}
	}

}
