package com.acme.orderservice.error;

import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;

import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.stereotype.Component;

/**
 * Exceptions from acme.order.v1.OrderService handlers become the statuses
 * {@link ErrorStatuses} decides. A status from user-service passes through unchanged:
 * UNAVAILABLE stays UNAVAILABLE, and a spent deadline stays DEADLINE_EXCEEDED.
 */
@Component
public class GrpcExceptionMapper implements GrpcExceptionHandler {

	@Override
	public StatusException handleException(Throwable exception) {
		return StatusProto.toStatusException(ErrorStatuses.of(exception));
	}

}
