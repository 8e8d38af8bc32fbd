package com.acme.userservice.user;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class NewUserTests {

	@Test
	void normalizesEmailAndDisplayName() {
		NewUser user = NewUser.of("  Ada.Lovelace@Example.COM ", "  Ada  ");

		assertThat(user.email()).isEqualTo("ada.lovelace@example.com");
		assertThat(user.displayName()).isEqualTo("Ada");
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "no-domain@", "@no-local.com", "two@@example.com", "dotless@localhost",
			"spaces in@example.com", "trailing-dot@example.com." })
	void refusesMalformedEmails(String email) {
		assertThat(violations(email, "Name")).extracting(FieldViolation::description)
			.containsExactly("email is not a valid address");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a@b.co", "first.last+tag@sub.example.org", "o'brien@example.ie" })
	void acceptsRealEmails(String email) {
		assertThat(NewUser.of(email, "Name").email()).isEqualTo(email.toLowerCase());
	}

	@Test
	void refusesAnEmailLongerThan254Characters() {
		String email = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com";

		assertThat(violations(email, "Name")).extracting(FieldViolation::description)
			.containsExactly("email must be at most 254 characters");
	}

	@Test
	void countsDisplayNameLengthInCharactersNotUtf16Units() {
		String twoHundredEmoji = "\uD83D\uDE00".repeat(200);

		assertThat(NewUser.of("a@b.co", twoHundredEmoji).displayName()).isEqualTo(twoHundredEmoji);
		assertThat(violations("a@b.co", twoHundredEmoji + "x")).extracting(FieldViolation::field)
			.containsExactly("display_name");
	}

	@Test
	void refusesControlCharactersInDisplayName() {
		assertThat(violations("a@b.co", "Line\nbreak")).extracting(FieldViolation::description)
			.containsExactly("display_name must not contain control characters");
	}

	@Test
	void reportsEveryViolationAtOnce() {
		assertThat(violations("", "")).extracting(FieldViolation::field).containsExactly("email", "display_name");
	}

	private static java.util.List<FieldViolation> violations(String email, String displayName) {
		return catchThrowableOfType(InvalidArgumentException.class, () -> NewUser.of(email, displayName))
			.getViolations();
	}

}
