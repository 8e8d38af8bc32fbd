package com.acme.grpc.error;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.jspecify.annotations.Nullable;

/**
 * A {@code google.rpc.Status} under construction, following
 * <a href="https://google.aip.dev/193">AIP-193</a>: code, message, and the details
 * clients read (an ErrorInfo with a stable reason always; BadRequest or RetryInfo where
 * they apply). Made by {@link ErrorStatuses}, which knows the service's error domain.
 */
public final class ErrorStatus {

	private final Status.Builder status;

	private ErrorStatus(Status.Builder status) {
		this.status = status;
	}

	static ErrorStatus of(Code code, String message, String reason, String domain) {
		return new ErrorStatus(Status.newBuilder()
			.setCode(code.getNumber())
			.setMessage(message)
			.addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(domain).build())));
	}

	/** Keeps a status raised by code that already chose one, details included. */
	public static ErrorStatus of(Status status) {
		return new ErrorStatus(status.toBuilder());
	}

	public ErrorStatus detail(Message detail) {
		this.status.addDetails(Any.pack(detail));
		return this;
	}

	public ErrorStatus appendMessage(String message) {
		this.status
			.setMessage(this.status.getMessage().isEmpty() ? message : this.status.getMessage() + " (" + message + ")");
		return this;
	}

	/**
	 * Adds to the ErrorInfo; a status without one (raised elsewhere) is left as it is.
	 */
	public ErrorStatus metadata(String key, String value) {
		for (int i = 0; i < this.status.getDetailsCount(); i++) {
			if (this.status.getDetails(i).is(ErrorInfo.class)) {
				ErrorInfo info = unpack(this.status.getDetails(i), ErrorInfo.class);
				if (info != null) {
					this.status.setDetails(i, Any.pack(info.toBuilder().putMetadata(key, value).build()));
				}
			}
		}
		return this;
	}

	public Status toProto() {
		return this.status.build();
	}

	public StatusException toException() {
		return StatusProto.toStatusException(this.status.build());
	}

	/**
	 * @return the first detail of {@code type} in {@code status}, or {@code null} when it
	 * carries none
	 */
	public static <T extends Message> @Nullable T detail(Status status, Class<T> type) {
		for (Any detail : status.getDetailsList()) {
			if (detail.is(type)) {
				return unpack(detail, type);
			}
		}
		return null;
	}

	private static <T extends Message> @Nullable T unpack(Any detail, Class<T> type) {
		try {
			return detail.unpack(type);
		}
		catch (InvalidProtocolBufferException ex) {
			return null;
		}
	}

}
