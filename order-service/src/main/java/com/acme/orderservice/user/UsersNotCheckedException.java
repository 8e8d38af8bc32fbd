package com.acme.orderservice.user;

import io.grpc.Status;

/**
 * A {@code ValidateUsers} stream ended before user-service answered for every buyer: it failed
 * (UNAVAILABLE, DEADLINE_EXCEEDED...), or it completed without answering some (a broken
 * contract). An unanswered buyer is not an unknown one, so nothing is decided for it: the caller
 * stores no order and answers with this failure (reason {@code USERS_NOT_CHECKED}), which the
 * client may retry.
 */
public class UsersNotCheckedException extends RuntimeException {

	private final Status.Code code;

	/**
	 * @param end how the stream ended; OK when it completed without answering every buyer
	 */
	UsersNotCheckedException(int asked, int answered, Status end) {
		super(message(asked, answered, end));
		// A stream that completed without its answers broke user-service's contract: an internal fault upstream.
		this.code = end.isOk() ? Status.Code.INTERNAL : end.getCode();
	}

	/** The status to answer with: the stream's own, or INTERNAL when it completed without every answer. */
	public Status.Code code() {
		return this.code;
	}

	private static String message(int asked, int answered, Status end) {
		String ending = end.isOk() ? "user-service ended the ValidateUsers stream without answering for "
				+ (asked - answered) + " of " + asked + " buyers"
				: "user-service answered for " + answered + " of " + asked + " buyers before the ValidateUsers stream ended with "
						+ end.getCode()
						+ ((end.getCode() == Status.Code.DEADLINE_EXCEEDED) ? " (the request's time budget ran out)" : "");
		return ending + "; no order was stored, and the whole import may be sent again";
	}

}
