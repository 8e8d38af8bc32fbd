package com.acme.orderservice.order;

/**
 * The buyer cannot order: user-service does not know the user, or has suspended them.
 * FAILED_PRECONDITION over gRPC, 422 over HTTP: the request is well-formed, the state is
 * not.
 */
public class UserNotEligibleException extends RuntimeException {

	private final String reason;

	private UserNotEligibleException(String message, String reason) {
		super(message, null, false, false);
		this.reason = reason;
	}

	static UserNotEligibleException unknown(String userId) {
		return new UserNotEligibleException("no user has the id " + userId, "USER_NOT_FOUND");
	}

	static UserNotEligibleException suspended(String userId) {
		return new UserNotEligibleException("the user " + userId + " is suspended and cannot order", "USER_SUSPENDED");
	}

	/**
	 * @return the {@code ErrorInfo} reason clients branch on
	 */
	public String reason() {
		return this.reason;
	}

}
