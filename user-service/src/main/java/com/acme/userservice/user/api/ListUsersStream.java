package com.acme.userservice.user.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.acme.user.v1.ListUsersResponse;
import com.acme.userservice.user.User;
import com.acme.userservice.user.UserService;
import com.acme.userservice.user.UserStatus;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-streaming half of {@code ListUsers}: reads users a page at a time and sends
 * them only while the client keeps up.
 *
 * <p>
 * Flow control: {@link #run()} is the stream's on-ready handler. It sends while
 * {@link ServerCallStreamObserver#isReady()} and returns when the client's window is
 * full; gRPC calls it again once the client has read more. A slow client therefore costs
 * one page of memory, not the whole table.
 *
 * <p>
 * Cancellation: when the client cancels or its deadline passes, the call's
 * {@link Context} is cancelled at once (even while this code is busy) and the loop stops
 * before the next message or page. No further database reads happen.
 *
 * <p>
 * gRPC runs all callbacks of one call one at a time, so the fields need no locking.
 */
final class ListUsersStream implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(ListUsersStream.class);

	private final UserService users;

	private final @Nullable UserStatus status;

	private final int pageSize;

	private final ServerCallStreamObserver<ListUsersResponse> responses;

	private final Deque<User> page = new ArrayDeque<>();

	private @Nullable User lastRead;

	private boolean lastPageRead;

	private boolean finished;

	private long sent;

	private ListUsersStream(UserService users, @Nullable UserStatus status, @Nullable User startAfter, int pageSize,
			ServerCallStreamObserver<ListUsersResponse> responses) {
		this.users = users;
		this.status = status;
		this.lastRead = startAfter;
		this.pageSize = pageSize;
		this.responses = responses;
	}

	/**
	 * @param startAfter the last user the client already has, or {@code null} to start at
	 * the oldest
	 */
	static void start(UserService users, @Nullable UserStatus status, @Nullable User startAfter, int pageSize,
			ServerCallStreamObserver<ListUsersResponse> responses) {
		ListUsersStream stream = new ListUsersStream(users, status, startAfter, pageSize, responses);
		responses.setOnCancelHandler(stream::cancelled);
		responses.setOnReadyHandler(stream);
	}

	@Override
	public void run() {
		while (!this.finished && this.responses.isReady()) {
			if (Context.current().isCancelled()) {
				return; // cancelled() follows on this call's executor and ends the stream
			}
			User next = nextUser();
			if (next == null) {
				this.finished = true;
				// Logged before the stream closes, so the line exists by the time the
				// client sees the end.
				logger.info("ListUsers completed: sent {} users", this.sent);
				this.responses.onCompleted();
				return;
			}
			this.responses.onNext(ListUsersResponse.newBuilder().setUser(UserMessages.toProto(next)).build());
			this.sent++;
		}
	}

	private @Nullable User nextUser() {
		if (this.page.isEmpty() && !this.lastPageRead) {
			List<User> read = this.users.listPage(this.status, this.lastRead, this.pageSize);
			this.lastPageRead = read.size() < this.pageSize;
			if (!read.isEmpty()) {
				this.lastRead = read.get(read.size() - 1);
			}
			this.page.addAll(read);
		}
		return this.page.poll();
	}

	private void cancelled() {
		this.finished = true;
		this.page.clear();
		logger.info("ListUsers cancelled by the client after {} users", this.sent);
	}

}
