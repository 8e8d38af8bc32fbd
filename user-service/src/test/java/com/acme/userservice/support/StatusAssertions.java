package com.acme.userservice.support;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Reading failed calls the way a client would: status, then the AIP-193 details.
 */
public final class StatusAssertions {

	private StatusAssertions() {
	}

	/** Runs a call that must fail and returns how it failed. */
	public static StatusRuntimeException callFails(Runnable call) {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call::run);
		if (failure == null) {
			throw new AssertionError("the call succeeded");
		}
		return failure;
	}

	/** The detail of {@code type} in the failure's {@code google.rpc.Status}. */
	public static <T extends Message> T detail(Throwable failure, Class<T> type) throws InvalidProtocolBufferException {
		com.google.rpc.Status status = StatusProto.fromThrowable(failure);
		if (status != null) {
			for (Any any : status.getDetailsList()) {
				if (any.is(type)) {
					return any.unpack(type);
				}
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
	}

}
