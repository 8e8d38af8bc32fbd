package com.acme.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.GetUserResponse;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import static com.acme.benchmark.Results.f;

/**
 * P4: does streaming pay? 10,000 user ids checked over one bidirectional ValidateUsers
 * stream, against 10,000 unary GetUser calls, both with the same limit on ids unanswered
 * at a time (10, then 100). Every answer is checked: unary calls must end OK, the stream
 * must answer every id, in order, as able to order. One round of each warms up first.
 */
final class StreamingPays {

	static final int IDS = 10_000;

	static final List<Integer> IN_FLIGHT_LIMITS = List.of(10, 100);

	private StreamingPays() {
	}

	static void run(Clients clients, List<String> userIds, Results results) throws Exception {
		List<String> ids = userIds.subList(0, Math.min(IDS, userIds.size()));
		Map<String, Object> detail = new LinkedHashMap<>();
		try {
			Channel channel = clients.userService(1).get(0);
			for (int inFlight : IN_FLIGHT_LIMITS) {
				unary(channel, ids, inFlight);
				stream(channel, ids, inFlight);
				List<Long> unaryMillis = new ArrayList<>();
				List<Long> streamMillis = new ArrayList<>();
				for (int round = 0; round < 3; round++) {
					unaryMillis.add(unary(channel, ids, inFlight).toMillis());
					streamMillis.add(stream(channel, ids, inFlight).toMillis());
					Benchmark.progress(
							"P4 %d in flight, round %d: %d unary GetUser %d ms, one ValidateUsers stream %d ms",
							inFlight, round + 1, ids.size(), unaryMillis.get(round), streamMillis.get(round));
				}
				long unary = Measured.median(unaryMillis);
				long stream = Measured.median(streamMillis);
				double speedup = (double) unary / stream;
				results.add(new Results.Row("P4",
						f("Streaming pays: %,d ids over one ValidateUsers stream, at most %d unanswered (median of 3)",
								ids.size(), inFlight),
						f("%,d ms", stream),
						f("%,d ms as %,d unary GetUser, %d in flight", unary, ids.size(), inFlight),
						f("%.1f× faster", speedup), "≥ 5× faster", speedup >= 5));
				detail.put(inFlight + " in flight", Map.of("unaryMillis", unaryMillis, "streamMillis", streamMillis));
			}
			results.detail("P4", detail);
		}
		finally {
			clients.close();
		}
	}

	/**
	 * Unary GetUser for every id, at most {@code inFlight} at a time; fails on any non-OK
	 * answer.
	 */
	static Duration unary(Channel channel, List<String> ids, int inFlight) throws InterruptedException {
		UserServiceGrpc.UserServiceFutureStub stub = UserServiceGrpc.newFutureStub(channel);
		Semaphore slots = new Semaphore(inFlight);
		AtomicLong failures = new AtomicLong();
		long started = System.nanoTime();
		for (String id : ids) {
			slots.acquire();
			Futures.addCallback(stub.getUser(GetUserRequest.newBuilder().setId(id).build()),
					new FutureCallback<GetUserResponse>() {

						@Override
						public void onSuccess(GetUserResponse response) {
							slots.release();
						}

						@Override
						public void onFailure(Throwable failure) {
							failures.incrementAndGet();
							slots.release();
						}

					}, MoreExecutors.directExecutor());
		}
		if (!slots.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("unary GetUser calls still open after 60 s");
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		if (failures.get() > 0) {
			throw new IllegalStateException(failures.get() + " of " + ids.size() + " GetUser calls failed");
		}
		return elapsed;
	}

	/**
	 * One ValidateUsers stream for every id, at most {@code inFlight} unanswered; checks
	 * every answer.
	 */
	static Duration stream(Channel channel, List<String> ids, int inFlight) throws Exception {
		CompletableFuture<Void> done = new CompletableFuture<>();
		long started = System.nanoTime();
		UserServiceGrpc.newStub(channel)
			.withDeadlineAfter(60, TimeUnit.SECONDS)
			.validateUsers(new ClientResponseObserver<ValidateUsersRequest, ValidateUsersResponse>() {

				private ClientCallStreamObserver<ValidateUsersRequest> requests;

				private int sent;

				private int answered;

				// Requests are sent only from gRPC's callbacks (on-ready and each
				// answer), which run one at a time: a call's methods are not safe to use
				// from two threads.
				@Override
				public void beforeStart(ClientCallStreamObserver<ValidateUsersRequest> requests) {
					this.requests = requests;
					requests.setOnReadyHandler(this::sendWhileAllowed);
				}

				@Override
				public void onNext(ValidateUsersResponse response) {
					String expected = ids.get(this.answered++);
					if (!response.getUserId().equals(expected) || !response.getCanOrder()) {
						done.completeExceptionally(new IllegalStateException(
								"answer " + this.answered + " is " + response + ", expected " + expected));
					}
					if (this.answered == ids.size()) {
						this.requests.onCompleted();
					}
					else {
						sendWhileAllowed();
					}
				}

				@Override
				public void onError(Throwable failure) {
					done.completeExceptionally(failure);
				}

				@Override
				public void onCompleted() {
					if (this.answered == ids.size()) {
						done.complete(null);
					}
					else {
						done.completeExceptionally(
								new IllegalStateException(this.answered + " answers of " + ids.size()));
					}
				}

				private void sendWhileAllowed() {
					while (this.sent < ids.size() && this.sent - this.answered < inFlight) {
						this.requests.onNext(ValidateUsersRequest.newBuilder().setUserId(ids.get(this.sent++)).build());
					}
				}

			});
		done.get(90, TimeUnit.SECONDS);
		return Duration.ofNanos(System.nanoTime() - started);
	}

}
