package com.acme.orderservice.deadline;

import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;

/**
 * The time left to the request being handled, HTTP or gRPC: the deadline of the current
 * gRPC {@link Context} ({@link RequestBudgetFilter} for HTTP, the caller's deadline for
 * gRPC).
 */
public final class RequestBudget {

	private RequestBudget() {
	}

	/**
	 * Refuses to start work the caller will no longer wait for, such as a write after the
	 * calls before it used up the budget.
	 * @throws io.grpc.StatusRuntimeException DEADLINE_EXCEEDED when the budget is spent
	 */
	public static void requireTimeLeft() {
		Deadline deadline = Context.current().getDeadline();
		if (deadline != null && deadline.isExpired()) {
			throw Status.DEADLINE_EXCEEDED.withDescription("the request's time budget was spent before it could finish")
				.asRuntimeException();
		}
	}

	/**
	 * @return milliseconds left, or {@code defaultMillis} when the request has no
	 * deadline
	 */
	public static long millisLeft(long defaultMillis) {
		Deadline deadline = Context.current().getDeadline();
		return (deadline != null) ? Math.max(0, deadline.timeRemaining(TimeUnit.MILLISECONDS)) : defaultMillis;
	}

}
