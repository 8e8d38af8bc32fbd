package com.acme.userservice.grpc.error;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;

/**
 * A {@code google.rpc.Status} under construction: code, message, and the details clients
 * read (ErrorInfo always, BadRequest or RetryInfo where they apply).
 */
final class RpcStatusBuilder {

	private final Status.Builder status;

	RpcStatusBuilder(Code code, String message, String reason) {
		this.status = Status.newBuilder()
			.setCode(code.getNumber())
			.setMessage(message)
			.addDetails(Any
				.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(GrpcExceptionMapper.ERROR_DOMAIN).build()));
	}

	private RpcStatusBuilder(Status.Builder status) {
		this.status = status;
	}

	/** Keeps a status raised by code that already chose one, details included. */
	static RpcStatusBuilder of(io.grpc.Status status, io.grpc.Metadata trailers) {
		return new RpcStatusBuilder(StatusProto.fromStatusAndTrailers(status, trailers).toBuilder());
	}

	RpcStatusBuilder detail(Message detail) {
		this.status.addDetails(Any.pack(detail));
		return this;
	}

	RpcStatusBuilder appendMessage(String message) {
		this.status
			.setMessage(this.status.getMessage().isEmpty() ? message : this.status.getMessage() + " (" + message + ")");
		return this;
	}

	/**
	 * Adds to the ErrorInfo; a status without one (raised elsewhere) is left as it is.
	 */
	RpcStatusBuilder metadata(String key, int value) {
		for (int i = 0; i < this.status.getDetailsCount(); i++) {
			if (this.status.getDetails(i).is(ErrorInfo.class)) {
				ErrorInfo info = unpack(this.status.getDetails(i)).toBuilder()
					.putMetadata(key, Integer.toString(value))
					.build();
				this.status.setDetails(i, Any.pack(info));
			}
		}
		return this;
	}

	StatusException build() {
		return StatusProto.toStatusException(this.status.build());
	}

	private static ErrorInfo unpack(Any detail) {
		try {
			return detail.unpack(ErrorInfo.class);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
