package com.acme.grpc.error;

import io.grpc.StatusException;

import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * Spring gRPC's exception handler for every RPC of the service (it calls this for
 * exceptions thrown by handlers and for {@code onError} with a non-status exception):
 * answers with the status {@link ErrorStatuses} decides.
 */
public class GrpcExceptionMapper implements GrpcExceptionHandler {

	private final ErrorStatuses statuses;

	public GrpcExceptionMapper(ErrorStatuses statuses) {
		this.statuses = statuses;
	}

	@Override
	public StatusException handleException(Throwable exception) {
		return this.statuses.of(exception).toException();
	}

}
