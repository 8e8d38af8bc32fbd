package com.acme.testsupport.grpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import static org.awaitility.Awaitility.await;

/**
 * Records what a server sends on a stream, for tests that must observe responses while
 * the call is still open. Waits are bounded: a server that never answers fails the test.
 * Given to an async stub, it also holds the call, so that a test can cancel it as a
 * client giving up does.
 */
public final class StreamRecorder<T> implements ClientResponseObserver<Object, T> {

	private volatile ClientCallStreamObserver<?> call;

	private final List<T> messages = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Status> closed = new CompletableFuture<>();

	private volatile Metadata trailers = new Metadata();

	@Override
	public void beforeStart(ClientCallStreamObserver<Object> call) {
		this.call = call;
	}

	@Override
	public void onNext(T message) {
		this.messages.add(message);
	}

	@Override
	public void onError(Throwable error) {
		Metadata errorTrailers = Status.trailersFromThrowable(error);
		if (errorTrailers != null) {
			this.trailers = errorTrailers;
		}
		this.closed.complete(Status.fromThrowable(error));
	}

	@Override
	public void onCompleted() {
		this.closed.complete(Status.OK);
	}

	/**
	 * Cancels the call: the client sends RST_STREAM (CANCEL) and the stream ends
	 * CANCELLED.
	 */
	public void cancel() {
		if (this.call == null) {
			throw new IllegalStateException("not given to an async stub's call");
		}
		this.call.cancel("cancelled by the test", null);
	}

	public List<T> messages() {
		return this.messages;
	}

	/** The latest message, or {@code null} before the first. */
	public T lastMessage() {
		List<T> received = this.messages;
		return received.isEmpty() ? null : received.get(received.size() - 1);
	}

	/** The trailers of a stream that ended in error, where the status details travel. */
	public Metadata trailers() {
		return this.trailers;
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	/**
	 * Waits until at least {@code count} messages arrived and returns the
	 * {@code count}-th.
	 */
	public T awaitMessage(int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.messages.size() >= count);
		return this.messages.get(count - 1);
	}

	/** Waits for the end of the stream and returns how it ended. */
	public Status awaitClose() throws Exception {
		return awaitClose(Duration.ofSeconds(10));
	}

	public Status awaitClose(Duration atMost) throws Exception {
		return this.closed.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
	}

}
