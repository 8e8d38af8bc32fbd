package com.acme.authserver.user;

import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The people who can sign in to this server (the login form of the authorization code
 * flow): a buyer acts for the user of user-service with the same email, an administrator
 * for every user. A production identity provider keeps its own directory; this list is
 * what the local run, the compose stack and the tests need.
 *
 * @param users who may sign in
 */
@ConfigurationProperties("acme.auth")
public record LocalUsersProperties(List<LocalUser> users) {

	public LocalUsersProperties {
		users = (users != null) ? List.copyOf(users) : List.of();
	}

	public Optional<LocalUser> find(String username) {
		return this.users.stream().filter((user) -> user.username().equals(username)).findFirst();
	}

	/**
	 * One person.
	 *
	 * @param username what they sign in with
	 * @param password their password ({@code {noop}} or another Spring Security
	 * password-encoder prefix; a real deployment stores {@code {bcrypt}} hashes)
	 * @param email the verified email the tokens carry: how order-service recognises
	 * which user of user-service this person is
	 * @param admin whether they administer users (and act for every buyer): only then do
	 * their tokens carry the {@code users.admin} scope
	 */
	public record LocalUser(String username, String password, String email, boolean admin) {

	}

}
