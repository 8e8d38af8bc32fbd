package com.acme.userservice.user.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import com.acme.grpc.error.GrpcExceptionMapper;
import com.acme.grpc.metadata.MdcScope;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import com.acme.userservice.user.Eligibility;
import com.acme.userservice.user.UserService;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The bidirectional {@code ValidateUsers} stream: requests are answered in order, as soon
 * as they arrive, without waiting for the client to half-close; and every id that has
 * arrived while the previous read ran is answered by one database read. That is why
 * streaming pays here: a client that keeps 100 ids in flight costs about one read per 100
 * ids, not a call per id (README, "Performance", P4).
 *
 * <p>
 * Threads: gRPC's callbacks only queue what arrived; the answering runs on a sequential
 * executor over the server's handler pool, in the call's {@link Context} (deadline,
 * cancellation) and with its logging MDC. All use of the call ({@code onNext},
 * {@code request}, {@code onCompleted}) happens there, one task at a time, as gRPC
 * requires.
 *
 * <p>
 * Flow control: at most {@link #READ_AHEAD} requests are read ahead of their answers, and
 * more are requested only while the client is reading answers ({@code isReady}). At most
 * one batch of answers is ever buffered: a client that sends fast but reads slowly is
 * held back by HTTP/2 flow control instead of growing this server's memory.
 *
 * <p>
 * Failures: a task that throws ends the call with the status {@code GrpcExceptionMapper}
 * gives it, as on gRPC's own callbacks; the client is never left waiting.
 */
final class ValidateUsersStream implements StreamObserver<ValidateUsersRequest> {

	/** The most requests read but not yet answered, and so the largest database read. */
	static final int READ_AHEAD = 100;

	private static final Logger logger = LoggerFactory.getLogger(ValidateUsersStream.class);

	private final UserService users;

	private final ServerCallStreamObserver<ValidateUsersResponse> responses;

	private final GrpcExceptionMapper errors;

	private final Executor answering;

	private final @Nullable Map<String, String> mdc = MDC.getCopyOfContextMap();

	private final Queue<ValidateUsersRequest> received = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean answerScheduled = new AtomicBoolean();

	private volatile boolean cancelled;

	// Below: touched only by tasks on `answering`.

	private int requestedNotAnswered;

	private boolean halfClosed;

	private boolean finished;

	// Volatile: also read by onError's log line, on a gRPC thread.
	private volatile long answered;

	private ValidateUsersStream(UserService users, ServerCallStreamObserver<ValidateUsersResponse> responses,
			GrpcExceptionMapper errors, Executor executor) {
		this.users = users;
		this.responses = responses;
		this.errors = errors;
		this.answering = MoreExecutors.newSequentialExecutor(Context.current().fixedContextExecutor(executor));
	}

	static StreamObserver<ValidateUsersRequest> start(UserService users,
			ServerCallStreamObserver<ValidateUsersResponse> responses, GrpcExceptionMapper errors, Executor executor) {
		ValidateUsersStream stream = new ValidateUsersStream(users, responses, errors, executor);
		responses.disableAutoRequest();
		responses.setOnReadyHandler(() -> stream.run(stream::requestMore));
		responses.setOnCancelHandler(() -> stream.cancelled = true);
		return stream;
	}

	@Override
	public void onNext(ValidateUsersRequest request) {
		this.received.add(request);
		if (this.answerScheduled.compareAndSet(false, true)) {
			run(this::answerReceived);
		}
	}

	@Override
	public void onError(Throwable cause) {
		logger.info("ValidateUsers ended by the client after {} answers: {}", this.answered, cause.getMessage());
	}

	@Override
	public void onCompleted() {
		run(() -> {
			this.halfClosed = true;
			answerReceived();
		});
	}

	private void answerReceived() {
		// Cleared first: a request arriving from now on schedules another pass.
		this.answerScheduled.set(false);
		while (!this.finished && !this.cancelled && !this.received.isEmpty()) {
			List<ValidateUsersRequest> batch = new ArrayList<>();
			for (ValidateUsersRequest request; batch.size() < READ_AHEAD && (request = this.received.poll()) != null;) {
				batch.add(request);
			}
			answer(batch);
		}
		if (this.halfClosed && this.received.isEmpty() && !this.finished && !this.cancelled) {
			this.finished = true;
			logger.info("ValidateUsers completed: {} answers", this.answered);
			this.responses.onCompleted();
			return;
		}
		requestMore();
	}

	private void answer(List<ValidateUsersRequest> batch) {
		List<Eligibility> eligibilities = this.users
			.eligibility(batch.stream().map(ValidateUsersRequest::getUserId).toList());
		for (int i = 0; i < batch.size(); i++) {
			Eligibility eligibility = eligibilities.get(i);
			this.responses.onNext(ValidateUsersResponse.newBuilder()
				.setUserId(batch.get(i).getUserId())
				.setCanOrder(eligibility.canOrder())
				.setStatus(UserMessages.toProto(eligibility.status()))
				.setReason(eligibility.reason())
				.build());
		}
		this.answered += batch.size();
		this.requestedNotAnswered -= batch.size();
	}

	/**
	 * Tops the read-ahead up to READ_AHEAD once half of it is answered, if answers can
	 * flow.
	 */
	private void requestMore() {
		if (!this.finished && !this.halfClosed && this.requestedNotAnswered <= READ_AHEAD / 2
				&& this.responses.isReady()) {
			this.responses.request(READ_AHEAD - this.requestedNotAnswered);
			this.requestedNotAnswered = READ_AHEAD;
		}
	}

	/**
	 * Ends the call with the mapped status. Off gRPC's callbacks the exception
	 * interceptor cannot see the exception, so it is mapped here the same way (a database
	 * outage is UNAVAILABLE).
	 */
	private void fail(Throwable failure) {
		if (this.finished || this.cancelled) {
			return;
		}
		this.finished = true;
		StatusException status = this.errors.handleException(failure);
		this.responses
			.onError((status != null) ? status : Status.INTERNAL.withDescription("internal error").asException());
	}

	/** Runs {@code task} on the answering executor with the call's logging MDC. */
	private void run(Runnable task) {
		this.answering.execute(() -> {
			try (MdcScope mdc = MdcScope.put(this.mdc)) {
				try {
					task.run();
				}
				catch (RuntimeException | Error ex) {
					fail(ex); // logged, if at all, with the call's MDC
				}
			}
		});
	}

}
