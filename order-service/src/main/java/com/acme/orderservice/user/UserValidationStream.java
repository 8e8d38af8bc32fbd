package com.acme.orderservice.user;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.acme.orderservice.deadline.RequestBudget;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.jspecify.annotations.Nullable;

/**
 * One {@code ValidateUsers} bidirectional stream, pipelined: requests go out without waiting for
 * each answer, but never more than {@code window} unanswered, so neither side buffers without
 * bound. Only the calling thread writes to the stream (a gRPC stream must never be written
 * concurrently); answers arrive on gRPC's threads and only fill a map.
 *
 * <p>The stream is started on the calling thread, inside the request's {@link io.grpc.Context}:
 * it carries the request's deadline and headers, and it is cancelled with the request.
 */
final class UserValidationStream implements ClientResponseObserver<ValidateUsersRequest, ValidateUsersResponse> {

	// How long past the deadline to wait for grpc-java to report it, a backstop that should never be used.
	private static final long SLACK_MILLIS = 1_000;

	private static final long NO_DEADLINE_MILLIS = 60_000;

	private final Map<String, ValidateUsersResponse> answers = new ConcurrentHashMap<>();

	private final Semaphore window;

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile @Nullable Throwable failure;

	private UserValidationStream(int window) {
		this.window = new Semaphore(window);
	}

	static Map<String, ValidateUsersResponse> validate(UserServiceGrpc.UserServiceStub stub, Collection<String> userIds,
			int window) {
		if (userIds.isEmpty()) {
			return Map.of();
		}
		UserValidationStream stream = new UserValidationStream(window);
		ClientCallStreamObserver<ValidateUsersRequest> requests = (ClientCallStreamObserver<ValidateUsersRequest>) stub
			.validateUsers(stream);
		try {
			for (String userId : userIds) {
				if (!stream.window.tryAcquire(RequestBudget.millisLeft(NO_DEADLINE_MILLIS) + SLACK_MILLIS,
						TimeUnit.MILLISECONDS) || stream.failure != null) {
					break;
				}
				requests.onNext(ValidateUsersRequest.newBuilder().setUserId(userId).build());
			}
			if (stream.failure == null) {
				requests.onCompleted();
			}
			if (!stream.finished.await(RequestBudget.millisLeft(NO_DEADLINE_MILLIS) + SLACK_MILLIS,
					TimeUnit.MILLISECONDS)) {
				requests.cancel("no answer before the deadline", null);
				throw Status.DEADLINE_EXCEEDED.withDescription("ValidateUsers did not finish in time").asRuntimeException();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			requests.cancel("interrupted", ex);
			throw Status.CANCELLED.withDescription("interrupted").withCause(ex).asRuntimeException();
		}
		Throwable failure = stream.failure;
		if (failure != null) {
			throw (failure instanceof StatusRuntimeException status) ? status : Status.fromThrowable(failure).asRuntimeException();
		}
		return Map.copyOf(stream.answers);
	}

	@Override
	public void beforeStart(ClientCallStreamObserver<ValidateUsersRequest> requestStream) {
		// Nothing: the window bounds what is in flight; HTTP/2 flow control bounds the bytes.
	}

	@Override
	public void onNext(ValidateUsersResponse answer) {
		this.answers.put(answer.getUserId(), answer);
		this.window.release();
	}

	@Override
	public void onError(Throwable cause) {
		this.failure = cause;
		// Wakes a writer waiting for room in the window.
		this.window.release(Integer.MAX_VALUE / 2);
		this.finished.countDown();
	}

	@Override
	public void onCompleted() {
		this.finished.countDown();
	}

}
