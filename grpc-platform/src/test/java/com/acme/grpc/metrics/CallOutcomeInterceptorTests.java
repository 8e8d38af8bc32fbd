package com.acme.grpc.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.grpc.Deadline;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallOutcomeInterceptorTests {

	private static final long ONE_SECOND = TimeUnit.SECONDS.toNanos(1);

	/**
	 * A clock that does not move: what is left of a deadline is what the test says,
	 * whatever the machine's load.
	 */
	private static final Deadline.Ticker FROZEN = new Deadline.Ticker() {

		@Override
		public long nanoTime() {
			return 0;
		}

	};

	@Test
	void aCancelWithoutDeadlineIsCancelled() {
		assertThat(CallOutcomeInterceptor.endedEarlyCode(null, null, 0)).isEqualTo(Status.Code.CANCELLED);
	}

	@Test
	void aCancellationByTheServersOwnDeadlineTimerIsDeadlineExceeded() {
		Deadline inOneSecond = Deadline.after(1, TimeUnit.SECONDS, FROZEN);

		assertThat(CallOutcomeInterceptor.endedEarlyCode(new TimeoutException("context timed out"), inOneSecond,
				ONE_SECOND))
			.isEqualTo(Status.Code.DEADLINE_EXCEEDED);
	}

	@Test
	void aClientCancelIsJudgedByWhenItArrivedNotByWhenTheHandlerNoticed() {
		// Cancelled with most of a 5 s budget left; onCancel may run only after the
		// deadline.
		Deadline inFourSeconds = Deadline.after(4, TimeUnit.SECONDS, FROZEN);

		assertThat(CallOutcomeInterceptor.endedEarlyCode(Status.CANCELLED.asRuntimeException(), inFourSeconds,
				TimeUnit.SECONDS.toNanos(5)))
			.isEqualTo(Status.Code.CANCELLED);
	}

	@Test
	void aCancelAfterTheDeadlineIsDeadlineExceeded() {
		Deadline passed = Deadline.after(-5, TimeUnit.MILLISECONDS, FROZEN);

		assertThat(CallOutcomeInterceptor.endedEarlyCode(null, passed, ONE_SECOND))
			.isEqualTo(Status.Code.DEADLINE_EXCEEDED);
	}

	@Test
	void aCancelJustBeforeTheServersDeadlineIsTheClientsDeadline() {
		Deadline inTwentyMillis = Deadline.after(20, TimeUnit.MILLISECONDS, FROZEN);

		assertThat(CallOutcomeInterceptor.endedEarlyCode(null, inTwentyMillis, ONE_SECOND))
			.isEqualTo(Status.Code.DEADLINE_EXCEEDED);
	}

	@Test
	void aCancelWellBeforeTheDeadlineIsCancelled() {
		Deadline inTwoHundredMillis = Deadline.after(200, TimeUnit.MILLISECONDS, FROZEN);

		assertThat(CallOutcomeInterceptor.endedEarlyCode(null, inTwoHundredMillis, ONE_SECOND))
			.isEqualTo(Status.Code.CANCELLED);
	}

	@Test
	void theToleranceShrinksWithShortTimeoutsSoEarlyCancelsOfQuickCallsStayCancelled() {
		// A 100 ms call cancelled with 20 ms left (say, a hedged attempt that lost) is a
		// cancel.
		Deadline inTwentyMillis = Deadline.after(20, TimeUnit.MILLISECONDS, FROZEN);

		assertThat(CallOutcomeInterceptor.endedEarlyCode(null, inTwentyMillis, TimeUnit.MILLISECONDS.toNanos(100)))
			.isEqualTo(Status.Code.CANCELLED);
	}

}
