package com.acme.orderservice.user.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;
import com.acme.orderservice.security.Caller;
import com.acme.orderservice.user.UserStatusNames;
import com.acme.orderservice.user.UserSummary;
import com.acme.orderservice.user.web.UserJson.NewUserBody;
import com.acme.orderservice.user.web.UserJson.StatusBody;
import com.acme.orderservice.user.web.UserJson.UserPageView;
import com.acme.orderservice.user.web.UserJson.UserView;
import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.ListUsersResponse;
import com.acme.user.v1.UpdateUserStatusRequest;
import com.acme.user.v1.User;
import com.acme.user.v1.UserServiceGrpc;
import io.grpc.Context;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The user endpoints of the REST edge: JSON in, acme.user.v1.UserService out, the way
 * grpc-gateway fronts a gRPC service. Each handler is one call through the injected stub;
 * errors from user-service become problem+json in ProblemDetailsAdvice.
 */
@RestController
@RequestMapping("/api/users")
public class UserController {

	private static final Logger logger = LoggerFactory.getLogger(UserController.class);

	private static final int DEFAULT_PAGE_SIZE = 50;

	private static final int MAX_PAGE_SIZE = 500;

	private final UserServiceGrpc.UserServiceBlockingStub users;

	public UserController(UserServiceGrpc.UserServiceBlockingStub users) {
		this.users = users;
	}

	@PostMapping
	ResponseEntity<UserView> create(@RequestBody NewUserBody body) {
		UserView user = UserView.of(
				this.users
					.createUser(CreateUserRequest.newBuilder()
						.setEmail((body.email() != null) ? body.email() : "")
						.setDisplayName((body.displayName() != null) ? body.displayName() : "")
						.build())
					.getUser());
		logger.info("Created user {} through user-service", user.id());
		return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(user);
	}

	/** An administrator reads anyone; a buyer only themself. */
	@GetMapping("/{id}")
	UserView get(@PathVariable String id, Authentication caller) {
		User user = this.users.getUser(GetUserRequest.newBuilder().setId(id).build()).getUser();
		Caller.of(caller).requireMayActFor(id, Optional.of(UserSummary.of(user)));
		return UserView.of(user);
	}

	/** Suspends or reactivates a user: {@code {"status": "SUSPENDED"}}. */
	@PatchMapping("/{id}")
	UserView updateStatus(@PathVariable String id, @RequestBody StatusBody body) {
		UserView user = UserView.of(
				this.users
					.updateUserStatus(UpdateUserStatusRequest.newBuilder()
						.setId(id)
						.setStatus(UserStatusNames.parse(body.status(), "status"))
						.build())
					.getUser());
		logger.info("Set status of user {} to {} through user-service", user.id(), user.status());
		return user;
	}

	/**
	 * One page of users, oldest first, read from the {@code ListUsers} server stream: it
	 * is read until the page is full (plus one, to know whether more exist) and then
	 * cancelled, so user-service stops reading its database for a client that has what it
	 * asked for.
	 */
	@GetMapping
	UserPageView list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(defaultValue = "0") int pageSize,
			@RequestParam(required = false) @Nullable String pageToken) {
		if (pageSize < 0) {
			throw new InvalidArgumentException("pageSize must not be negative",
					List.of(new FieldViolation("page_size", "0 for the default, or a positive number")));
		}
		int size = (pageSize == 0) ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
		ListUsersRequest request = ListUsersRequest.newBuilder()
			.setStatus(UserStatusNames.parse(status, "status"))
			.setStartAfterId((pageToken != null) ? pageToken : "")
			.build();
		List<UserView> page = new ArrayList<>(size + 1);
		try (Context.CancellableContext stream = Context.current().withCancellation()) {
			stream.run(() -> {
				Iterator<ListUsersResponse> users = this.users.listUsers(request);
				while (page.size() <= size && users.hasNext()) {
					page.add(UserView.of(users.next().getUser()));
				}
			});
		}
		if (page.size() <= size) {
			return new UserPageView(page, null);
		}
		List<UserView> users = page.subList(0, size);
		return new UserPageView(List.copyOf(users), users.get(size - 1).id());
	}

}
