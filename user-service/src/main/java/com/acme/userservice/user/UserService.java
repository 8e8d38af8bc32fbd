package com.acme.userservice.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The rules about users, independent of gRPC: input validation, uniqueness, status
 * changes.
 */
@Service
public class UserService {

	private static final Logger logger = LoggerFactory.getLogger(UserService.class);

	private final UserRepository repository;

	public UserService(UserRepository repository) {
		this.repository = repository;
	}

	/**
	 * Creates an active user.
	 * @throws InvalidArgumentException when the input breaks a rule
	 * @throws EmailAlreadyTakenException when another user has the email
	 */
	public User create(String email, String displayName) {
		NewUser input = NewUser.of(email, displayName);
		// PostgreSQL keeps microseconds; truncating here makes the returned user equal
		// the stored one.
		User user = new User(UUID.randomUUID(), input.email(), input.displayName(), UserStatus.ACTIVE,
				Instant.now().truncatedTo(ChronoUnit.MICROS));
		try {
			this.repository.insert(user);
		}
		catch (DuplicateKeyException ex) {
			throw new EmailAlreadyTakenException(input.email());
		}
		logger.info("Created user {}", user.id());
		return user;
	}

	/**
	 * @throws InvalidArgumentException when the id is malformed
	 * @throws UserNotFoundException when no user has it
	 */
	public User get(String id) {
		return existing("id", id);
	}

	/**
	 * The user a resumed stream continues after.
	 * @throws InvalidArgumentException when the id is malformed
	 * @throws UserNotFoundException when no user has it
	 */
	public User resumePoint(String startAfterId) {
		return existing("start_after_id", startAfterId);
	}

	/**
	 * Tells whether the users with these raw ids may place an order, in the same order,
	 * with one database read: what makes the ValidateUsers stream cheaper than a call per
	 * id. Never throws for a bad id: bulk callers want an answer per item, not a failed
	 * batch.
	 */
	public List<Eligibility> eligibility(List<String> rawIds) {
		List<@Nullable UUID> ids = new ArrayList<>(rawIds.size());
		List<@Nullable String> malformed = new ArrayList<>(rawIds.size());
		for (String rawId : rawIds) {
			try {
				ids.add(UserIds.parse("user_id", rawId));
				malformed.add(null);
			}
			catch (InvalidArgumentException ex) {
				ids.add(null);
				malformed.add(ex.getViolations().get(0).description());
			}
		}
		Map<UUID, User> found = this.repository.findAllById(ids.stream().filter(Objects::nonNull).toList());
		List<Eligibility> answers = new ArrayList<>(rawIds.size());
		for (int i = 0; i < rawIds.size(); i++) {
			UUID id = ids.get(i);
			String problem = malformed.get(i);
			User user = (id != null) ? found.get(id) : null;
			answers.add((problem != null) ? Eligibility.refused(problem)
					: (user != null) ? Eligibility.of(user) : Eligibility.refused("user not found"));
		}
		return answers;
	}

	/**
	 * Sets a user's status. Setting the current status again is a successful no-op.
	 * @param status the new status, {@code null} when the request did not name a valid
	 * one
	 */
	public User updateStatus(String id, @Nullable UserStatus status) {
		List<FieldViolation> violations = new ArrayList<>(2);
		UUID userId = null;
		try {
			userId = UserIds.parse("id", id);
		}
		catch (InvalidArgumentException ex) {
			violations.addAll(ex.getViolations());
		}
		if (status == null) {
			violations.add(new FieldViolation("status", "status must be USER_STATUS_ACTIVE or USER_STATUS_SUSPENDED"));
		}
		if (!violations.isEmpty()) {
			throw new InvalidArgumentException(violations);
		}
		UUID existing = userId;
		User updated = this.repository.updateStatus(existing, status)
			.orElseThrow(() -> new UserNotFoundException(existing));
		logger.info("Set status of user {} to {}", existing, status);
		return updated;
	}

	private User existing(String field, String rawId) {
		UUID userId = UserIds.parse(field, rawId);
		return this.repository.findById(userId).orElseThrow(() -> new UserNotFoundException(userId));
	}

	/**
	 * One page of users in creation order, for streaming without holding a cursor open.
	 * @param status only users with this status, or every user when {@code null}
	 * @param after the last user of the previous page, or {@code null} for the first page
	 */
	public List<User> listPage(@Nullable UserStatus status, @Nullable User after, int limit) {
		return this.repository.findPage(status, after, limit);
	}

}
