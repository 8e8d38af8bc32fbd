package com.acme.orderservice.user;

import io.grpc.Status;

/**
 * A {@code ValidateUsers} stream ended before user-service answered for every buyer: it
 * failed (UNAVAILABLE, DEADLINE_EXCEEDED...), or it completed without answering some (a
 * broken contract). An unanswered buyer is not an unknown one, so nothing is decided for
 * it: the caller stores no order and answers with this failure (reason
 * {@code USERS_NOT_CHECKED}), which the client may retry.
 */
public class UsersNotCheckedException extends RuntimeException {

	private final Status.Code code;

	/**
	 * @param end how the stream ended; OK when it completed without answering every buyer
	 */
	UsersNotCheckedException(int asked, int answered, Status end) {
		super(message(asked, answered, end));
		this.code = codeFor(end);
	}

	/**
	 * The status to answer with. UNAVAILABLE and DEADLINE_EXCEEDED are the client's to
	 * retry (503, 504). Anything else, a stream that completed without every answer
	 * included, is a fault of user-service's or of the channel to it, not of the client's
	 * request: INTERNAL, which the REST edge answers as 502.
	 */
	public Status.Code code() {
		return this.code;
	}

	private static Status.Code codeFor(Status end) {
		return (end.getCode() == Status.Code.UNAVAILABLE || end.getCode() == Status.Code.DEADLINE_EXCEEDED)
				? end.getCode() : Status.Code.INTERNAL;
	}

	private static String message(int asked, int answered, Status end) {
		String ending = end.isOk()
				? "user-service ended the ValidateUsers stream without answering for " + (asked - answered) + " of "
						+ asked + " buyers"
				: "user-service answered for " + answered + " of " + asked
						+ " buyers before the ValidateUsers stream ended with " + end.getCode()
						+ ((end.getCode() == Status.Code.DEADLINE_EXCEEDED) ? " (the request's time budget ran out)"
								: "");
		return ending + "; no order was stored, and the whole import may be sent again";
	}

}
