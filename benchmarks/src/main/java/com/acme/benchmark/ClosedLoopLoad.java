package com.acme.benchmark;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Channel;
import io.grpc.Status;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load generator on grpc-java's future stubs: each of {@code outstanding}
 * slots per channel starts its next call the moment its previous one ends, so the offered
 * load is exactly "channels x outstanding calls in flight". Every call's latency goes
 * into an HdrHistogram and every call's status is counted: a non-OK answer is never
 * silently part of the throughput.
 */
final class ClosedLoopLoad {

	private ClosedLoopLoad() {
	}

	/** What one run measured. Latencies are in microseconds. */
	record Result(long calls, Map<Status.Code, Long> statuses, Histogram latency,
			Duration elapsed) implements Measured.Counted {

		@Override
		public long failures() {
			return this.calls - this.statuses.getOrDefault(Status.Code.OK, 0L);
		}

		double perSecond() {
			return this.calls / (this.elapsed.toNanos() / 1e9);
		}

		double percentileMillis(double percentile) {
			return this.latency.getValueAtPercentile(percentile) / 1000.0;
		}

	}

	static Result run(List<? extends Channel> channels, int outstandingPerChannel, Duration duration,
			Function<Channel, ListenableFuture<?>> call) throws InterruptedException {
		Run run = new Run(call, System.nanoTime() + duration.toNanos(), channels.size() * outstandingPerChannel);
		long started = System.nanoTime();
		for (Channel channel : channels) {
			for (int i = 0; i < outstandingPerChannel; i++) {
				run.next(channel);
			}
		}
		try {
			if (!run.slotsDone.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("calls still open 60 s after the end of the run");
			}
		}
		finally {
			run.failureRetrier.shutdownNow();
		}
		Map<Status.Code, Long> statuses = new EnumMap<>(Status.Code.class);
		long calls = 0;
		for (Status.Code code : Status.Code.values()) {
			long count = run.statuses.get(code.value());
			if (count > 0) {
				statuses.put(code, count);
				calls += count;
			}
		}
		return new Result(calls, statuses, run.recorder.getIntervalHistogram(),
				Duration.ofNanos(System.nanoTime() - started));
	}

	private static final class Run {

		private final Function<Channel, ListenableFuture<?>> call;

		private final long stopAt;

		private final Recorder recorder = new Recorder(3);

		private final AtomicLongArray statuses = new AtomicLongArray(Status.Code.values().length);

		private final CountDownLatch slotsDone;

		// A call that fails at once completes inside addCallback: starting the next one
		// from there would recurse, so a failed slot continues from this thread instead.
		private final ExecutorService failureRetrier = Executors.newSingleThreadExecutor();

		Run(Function<Channel, ListenableFuture<?>> call, long stopAt, int slots) {
			this.call = call;
			this.stopAt = stopAt;
			this.slotsDone = new CountDownLatch(slots);
		}

		void next(Channel channel) {
			long started = System.nanoTime();
			Futures.addCallback(this.call.apply(channel), new FutureCallback<Object>() {

				@Override
				public void onSuccess(Object response) {
					ended(started, Status.Code.OK);
					continueOrStop(channel, MoreExecutors.directExecutor());
				}

				@Override
				public void onFailure(Throwable failure) {
					ended(started, Status.fromThrowable(failure).getCode());
					continueOrStop(channel, Run.this.failureRetrier);
				}

			}, MoreExecutors.directExecutor());
		}

		private void ended(long started, Status.Code code) {
			long now = System.nanoTime();
			this.recorder.recordValue(Math.max(1, (now - started) / 1000));
			this.statuses.incrementAndGet(code.value());
		}

		private void continueOrStop(Channel channel, Executor executor) {
			if (System.nanoTime() < this.stopAt) {
				executor.execute(() -> next(channel));
			}
			else {
				this.slotsDone.countDown();
			}
		}

	}

}
