package com.acme.userservice.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.acme.testsupport.postgres.SharedPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SQL of {@link UserRepository} against real PostgreSQL, schema from the Flyway
 * migrations.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(initializers = SharedPostgres.class)
@Import(UserRepository.class)
class UserRepositoryTests {

	@Autowired
	UserRepository repository;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void emptyTable() {
		this.jdbc.sql("DELETE FROM users").update();
	}

	@Test
	void storesAndReadsAUserUnchanged() {
		User user = user("ada@example.com", UserStatus.ACTIVE, Instant.now());

		this.repository.insert(user);

		assertThat(this.repository.findById(user.id())).contains(user);
		assertThat(this.repository.findById(UUID.randomUUID())).isEmpty();
	}

	@Test
	void refusesASecondUserWithTheSameEmail() {
		this.repository.insert(user("same@example.com", UserStatus.ACTIVE, Instant.now()));

		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.repository.insert(user("same@example.com", UserStatus.ACTIVE, Instant.now())));
	}

	@Test
	void updatesStatusAndReturnsTheUpdatedRow() {
		User user = user("status@example.com", UserStatus.ACTIVE, Instant.now());
		this.repository.insert(user);

		assertThat(this.repository.updateStatus(user.id(), UserStatus.SUSPENDED)).get()
			.extracting(User::status)
			.isEqualTo(UserStatus.SUSPENDED);
		assertThat(this.repository.updateStatus(UUID.randomUUID(), UserStatus.SUSPENDED)).isEmpty();
	}

	@Test
	void pagesInCreationOrderWithoutSkippingUsersThatShareACreateTime() {
		Instant sameInstant = Instant.now();
		List<User> inserted = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			User user = user("same-time-" + i + "@example.com", UserStatus.ACTIVE, sameInstant);
			this.repository.insert(user);
			inserted.add(user);
		}
		// PostgreSQL orders UUIDs by unsigned bytes, i.e. by their hex text;
		// UUID.compareTo is signed.
		inserted.sort(java.util.Comparator.comparing((User user) -> user.id().toString()));

		List<User> read = new ArrayList<>();
		User after = null;
		List<User> page;
		do {
			page = this.repository.findPage(null, after, 3);
			read.addAll(page);
			after = page.isEmpty() ? after : page.get(page.size() - 1);
		}
		while (page.size() == 3);

		assertThat(read).extracting(User::id).containsExactlyElementsOf(inserted.stream().map(User::id).toList());
	}

	@Test
	void filtersPagesByStatus() {
		Instant now = Instant.now();
		User active = user("active@example.com", UserStatus.ACTIVE, now);
		User suspended = user("suspended@example.com", UserStatus.SUSPENDED, now.plusSeconds(1));
		this.repository.insert(active);
		this.repository.insert(suspended);

		assertThat(this.repository.findPage(UserStatus.SUSPENDED, null, 10)).containsExactly(suspended);
		assertThat(this.repository.findPage(UserStatus.ACTIVE, null, 10)).containsExactly(active);
		assertThat(this.repository.findPage(null, null, 10)).containsExactly(active, suspended);
	}

	private static User user(String email, UserStatus status, Instant createTime) {
		return new User(UUID.randomUUID(), email, "Name", status, createTime.truncatedTo(ChronoUnit.MICROS));
	}

}
