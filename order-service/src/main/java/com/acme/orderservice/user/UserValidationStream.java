package com.acme.orderservice.user;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import com.acme.user.v1.UserServiceGrpc;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code ValidateUsers} bidirectional stream, pipelined: requests go out without
 * waiting for each answer, but never more than {@code window} unanswered, so neither side
 * buffers without bound. Only the calling thread writes to the stream (a gRPC stream must
 * never be written concurrently); answers arrive on gRPC's threads.
 *
 * <p>
 * The stream is started on the calling thread, inside the request's
 * {@link io.grpc.Context}: it carries the request's deadline and headers, and it is
 * cancelled with the request. The calling thread waits on this object for room in the
 * window and for the end of the call, with no timeout of its own: every call on the
 * channel has a deadline (the request's budget, or the method's timeout in the service
 * config), and grpc-java ends the call when it passes, exactly as a blocking stub relies
 * on it.
 */
final class UserValidationStream implements ClientResponseObserver<ValidateUsersRequest, ValidateUsersResponse> {

	private static final Logger logger = LoggerFactory.getLogger(UserValidationStream.class);

	private final int window;

	// Guarded by this.
	private final Map<String, ValidateUsersResponse> answers = new HashMap<>();

	// Guarded by this: requests sent and not answered yet.
	private int unanswered;

	// Guarded by this: how the call ended, null while it is open.
	private @Nullable Status end;

	private UserValidationStream(int window) {
		this.window = window;
	}

	/**
	 * @return an answer for every id
	 * @throws UsersNotCheckedException when the call ended before every id was answered
	 */
	static Map<String, ValidateUsersResponse> validate(UserServiceGrpc.UserServiceStub stub, Collection<String> userIds,
			int window) {
		if (userIds.isEmpty()) {
			return Map.of();
		}
		UserValidationStream stream = new UserValidationStream(window);
		ClientCallStreamObserver<ValidateUsersRequest> requests = (ClientCallStreamObserver<ValidateUsersRequest>) stub
			.validateUsers(stream);
		Status end;
		try {
			for (String userId : userIds) {
				if (!stream.awaitRoom()) {
					break;
				}
				requests.onNext(ValidateUsersRequest.newBuilder().setUserId(userId).build());
			}
			// Harmless if the call already ended: only a cancelled call refuses a
			// half-close.
			requests.onCompleted();
			end = stream.awaitEnd();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			requests.cancel("interrupted", ex);
			throw Status.CANCELLED.withDescription("interrupted").withCause(ex).asRuntimeException();
		}
		return stream.answersFor(userIds, end);
	}

	@Override
	public void beforeStart(ClientCallStreamObserver<ValidateUsersRequest> requestStream) {
		// Nothing: the window bounds what is in flight; HTTP/2 flow control bounds the
		// bytes.
	}

	@Override
	public synchronized void onNext(ValidateUsersResponse answer) {
		this.answers.put(answer.getUserId(), answer);
		this.unanswered--;
		notifyAll();
	}

	@Override
	public synchronized void onError(Throwable cause) {
		this.end = Status.fromThrowable(cause);
		notifyAll();
	}

	@Override
	public synchronized void onCompleted() {
		this.end = Status.OK;
		notifyAll();
	}

	/** Waits until another request may be sent; false when the call has ended instead. */
	private synchronized boolean awaitRoom() throws InterruptedException {
		while (this.end == null && this.unanswered >= this.window) {
			wait();
		}
		if (this.end != null) {
			return false;
		}
		this.unanswered++;
		return true;
	}

	private synchronized Status awaitEnd() throws InterruptedException {
		while (this.end == null) {
			wait();
		}
		return this.end;
	}

	private synchronized Map<String, ValidateUsersResponse> answersFor(Collection<String> userIds, Status end) {
		int answered = (int) userIds.stream().filter(this.answers::containsKey).count();
		if (end.isOk() && answered < userIds.size()) {
			// Nothing else would say it: the call itself succeeded, as grpc-java and the
			// metrics see it.
			logger.warn("user-service completed ValidateUsers without answering for {} of {} ids",
					userIds.size() - answered, userIds.size());
		}
		if (!end.isOk() || answered < userIds.size()) {
			throw new UsersNotCheckedException(userIds.size(), answered, end);
		}
		return Map.copyOf(this.answers);
	}

}
