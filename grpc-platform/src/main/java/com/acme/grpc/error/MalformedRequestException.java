package com.acme.grpc.error;

import io.grpc.Status;

/**
 * A request message that could not be read: bytes that are not the declared protobuf
 * message (or not valid UTF-8 in a string field), or a compressed message larger than the
 * inbound limit once inflated. Raised by {@link RequestParsing} and answered by
 * {@link GrpcExceptionMapper}.
 */
class MalformedRequestException extends RuntimeException {

	private final String messageType;

	MalformedRequestException(String messageType, Throwable cause) {
		super(describe(cause), cause);
		this.messageType = messageType;
	}

	/**
	 * The protobuf message the request should have been, for example
	 * {@code acme.user.v1.GetUserRequest}.
	 */
	String getMessageType() {
		return this.messageType;
	}

	/**
	 * What protobuf or the decompressor said, without the status prefix grpc-java adds.
	 */
	private static String describe(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause != failure && cause.getMessage() != null) {
			return cause.getMessage();
		}
		String description = Status.fromThrowable(failure).getDescription();
		return (description != null) ? description : "unreadable message";
	}

	/** True when the message was refused for its size, not for its content. */
	boolean isTooLarge() {
		return Status.fromThrowable(getCause()).getCode() == Status.Code.RESOURCE_EXHAUSTED;
	}

}
