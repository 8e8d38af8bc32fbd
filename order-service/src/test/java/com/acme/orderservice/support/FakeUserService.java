package com.acme.orderservice.support;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.CreateUserResponse;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.GetUserResponse;
import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.ListUsersResponse;
import com.acme.user.v1.UpdateUserStatusRequest;
import com.acme.user.v1.UpdateUserStatusResponse;
import com.acme.user.v1.User;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.user.v1.UserStatus;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * A user-service stand-in the tests control: users in memory, and on demand a method that
 * fails with a chosen status or never answers (until the caller cancels). Real gRPC: it
 * is served by a real server (in-process or Netty), never called directly, so deadlines,
 * cancellation and metadata behave as they do against user-service. {@link CallRecorder}
 * records what arrived.
 */
public class FakeUserService extends UserServiceGrpc.UserServiceImplBase {

	private final Map<String, User> users = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final Map<String, Deque<Status>> failures = new ConcurrentHashMap<>();

	private final Set<String> stalled = ConcurrentHashMap.newKeySet();

	private volatile boolean listUsersHeldOpen;

	private volatile int validateUsersAnswers = Integer.MAX_VALUE;

	private volatile @Nullable Status validateUsersEnd;

	private final List<String> streamedListUsers = new CopyOnWriteArrayList<>();

	/** Forgets users, failures, stalls and counts. */
	public void reset() {
		this.users.clear();
		this.calls.clear();
		this.failures.clear();
		this.stalled.clear();
		this.streamedListUsers.clear();
		this.listUsersHeldOpen = false;
		this.validateUsersAnswers = Integer.MAX_VALUE;
		this.validateUsersEnd = null;
	}

	public User addUser(String displayName, UserStatus status) {
		String id = UUID.randomUUID().toString();
		Instant now = Instant.now();
		User user = User.newBuilder()
			.setId(id)
			.setEmail(displayName.toLowerCase().replace(' ', '.') + "@example.com")
			.setDisplayName(displayName)
			.setStatus(status)
			.setCreateTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
			.build();
		this.users.put(id, user);
		return user;
	}

	/**
	 * The next {@code times} calls of {@code method} (such as "GetUser") fail with
	 * {@code status}.
	 */
	public void failNext(String method, Status status, int times) {
		Deque<Status> queue = this.failures.computeIfAbsent(method, (name) -> new ArrayDeque<>());
		synchronized (queue) {
			for (int i = 0; i < times; i++) {
				queue.add(status);
			}
		}
	}

	/**
	 * Calls of {@code method} never answer: they end only by the caller's deadline or
	 * cancellation.
	 */
	public void stall(String method) {
		this.stalled.add(method);
	}

	/**
	 * ListUsers sends the users and then keeps the stream open, like a long listing still
	 * reading its database: only a client that cancels gets its answer before the
	 * deadline.
	 */
	public void holdListUsersOpen() {
		this.listUsersHeldOpen = true;
	}

	/**
	 * A ValidateUsers stream answers only its first {@code answers} requests, then ends:
	 * with {@code end} (an error, or OK as if it had answered everything), or never when
	 * {@code end} is {@code null}, until the caller's deadline.
	 */
	public void validateUsersStopsAfter(int answers, @Nullable Status end) {
		this.validateUsersAnswers = answers;
		this.validateUsersEnd = end;
	}

	/**
	 * @return how many calls of {@code method} arrived, attempts of retried calls
	 * included
	 */
	public int calls(String method) {
		AtomicInteger count = this.calls.get(method);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * @return the ids ListUsers sent, over all calls
	 */
	public List<String> streamedListUsers() {
		return this.streamedListUsers;
	}

	@Override
	public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> responses) {
		if (intercepted("GetUser", responses)) {
			return;
		}
		User user = this.users.get(request.getId());
		if (user == null) {
			responses.onError(Status.NOT_FOUND.withDescription("user " + request.getId() + " not found").asException());
			return;
		}
		responses.onNext(GetUserResponse.newBuilder().setUser(user).build());
		responses.onCompleted();
	}

	@Override
	public void createUser(CreateUserRequest request, StreamObserver<CreateUserResponse> responses) {
		if (intercepted("CreateUser", responses)) {
			return;
		}
		User user = addUser(request.getDisplayName(), UserStatus.USER_STATUS_ACTIVE).toBuilder()
			.setEmail(request.getEmail())
			.build();
		this.users.put(user.getId(), user);
		responses.onNext(CreateUserResponse.newBuilder().setUser(user).build());
		responses.onCompleted();
	}

	@Override
	public void updateUserStatus(UpdateUserStatusRequest request, StreamObserver<UpdateUserStatusResponse> responses) {
		if (intercepted("UpdateUserStatus", responses)) {
			return;
		}
		User user = this.users.computeIfPresent(request.getId(),
				(id, existing) -> existing.toBuilder().setStatus(request.getStatus()).build());
		if (user == null) {
			responses.onError(Status.NOT_FOUND.asException());
			return;
		}
		responses.onNext(UpdateUserStatusResponse.newBuilder().setUser(user).build());
		responses.onCompleted();
	}

	@Override
	public void listUsers(ListUsersRequest request, StreamObserver<ListUsersResponse> responses) {
		if (intercepted("ListUsers", responses)) {
			return;
		}
		this.users.values()
			.stream()
			.filter((user) -> request.getStatus() == UserStatus.USER_STATUS_UNSPECIFIED
					|| user.getStatus() == request.getStatus())
			.sorted(java.util.Comparator.comparing(User::getId))
			.filter((user) -> user.getId().compareTo(request.getStartAfterId()) > 0)
			.forEach((user) -> {
				this.streamedListUsers.add(user.getId());
				responses.onNext(ListUsersResponse.newBuilder().setUser(user).build());
			});
		if (!this.listUsersHeldOpen) {
			responses.onCompleted();
		}
	}

	@Override
	public StreamObserver<ValidateUsersRequest> validateUsers(StreamObserver<ValidateUsersResponse> responses) {
		if (intercepted("ValidateUsers", responses)) {
			return new StreamObserver<>() {
				@Override
				public void onNext(ValidateUsersRequest value) {
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
				}
			};
		}
		int answers = this.validateUsersAnswers;
		Status end = this.validateUsersEnd;
		return new StreamObserver<>() {

			private int answered;

			@Override
			public void onNext(ValidateUsersRequest request) {
				if (this.answered == answers) {
					return; // stopped: ended below, or left hanging
				}
				if (++this.answered == answers) {
					answer(request);
					if (end != null) {
						stop(end);
					}
					return;
				}
				answer(request);
			}

			private void answer(ValidateUsersRequest request) {
				User user = FakeUserService.this.users.get(request.getUserId());
				ValidateUsersResponse.Builder answer = ValidateUsersResponse.newBuilder()
					.setUserId(request.getUserId());
				if (user == null) {
					answer.setReason("user not found");
				}
				else {
					answer.setStatus(user.getStatus())
						.setCanOrder(user.getStatus() == UserStatus.USER_STATUS_ACTIVE)
						.setReason((user.getStatus() == UserStatus.USER_STATUS_ACTIVE) ? "" : "user is suspended");
				}
				responses.onNext(answer.build());
			}

			private void stop(Status end) {
				if (end.isOk()) {
					responses.onCompleted();
				}
				else {
					responses.onError(end.asException());
				}
			}

			@Override
			public void onError(Throwable cause) {
			}

			@Override
			public void onCompleted() {
				if (this.answered < answers) {
					responses.onCompleted();
				}
			}

		};
	}

	/**
	 * @return whether the call was answered with a planned failure or left hanging
	 */
	private boolean intercepted(String method, StreamObserver<?> responses) {
		this.calls.computeIfAbsent(method, (name) -> new AtomicInteger()).incrementAndGet();
		if (this.stalled.contains(method)) {
			return true;
		}
		Deque<Status> queue = this.failures.get(method);
		Status failure = null;
		if (queue != null) {
			synchronized (queue) {
				failure = queue.poll();
			}
		}
		if (failure != null) {
			responses.onError(failure.asException());
			return true;
		}
		return false;
	}

}
