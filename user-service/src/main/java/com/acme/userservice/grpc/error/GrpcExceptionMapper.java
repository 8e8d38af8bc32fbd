package com.acme.userservice.grpc.error;

import java.sql.SQLTransientException;

import com.acme.userservice.user.EmailAlreadyTakenException;
import com.acme.userservice.user.ImportLimitExceededException;
import com.acme.userservice.user.InvalidArgumentException;
import com.acme.userservice.user.UserNotFoundException;
import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one place where exceptions become gRPC statuses, for every RPC of this service (Spring
 * gRPC calls it for exceptions thrown by handlers and for {@code onError} with a non-status
 * exception).
 *
 * <p>Statuses follow <a href="https://google.aip.dev/193">AIP-193</a>: a stable
 * {@code google.rpc.ErrorInfo} reason clients can branch on, a {@code google.rpc.BadRequest}
 * listing every invalid field, and a {@code google.rpc.RetryInfo} where retrying helps. Never
 * UNKNOWN, and never a stack trace or SQL text on the wire: unexpected errors are logged here
 * (with the request id) and reach the client as a bare INTERNAL.
 */
@Component
public class GrpcExceptionMapper implements GrpcExceptionHandler {

	/** The {@code ErrorInfo.domain} of every error this service raises. */
	public static final String ERROR_DOMAIN = "users.acme.example";

	private static final Logger logger = LoggerFactory.getLogger(GrpcExceptionMapper.class);

	private static final Duration DATABASE_RETRY_DELAY = Duration.newBuilder().setSeconds(1).build();

	@Override
	public StatusException handleException(Throwable exception) {
		if (exception instanceof StatusException status) {
			return status;
		}
		if (exception instanceof StatusRuntimeException status) {
			return status.getStatus().asException(status.getTrailers());
		}
		if (exception instanceof InvalidArgumentException invalid) {
			return invalidArgument(invalid);
		}
		if (exception instanceof UserNotFoundException) {
			return error(Code.NOT_FOUND, exception.getMessage(), "USER_NOT_FOUND").build();
		}
		if (exception instanceof EmailAlreadyTakenException) {
			return error(Code.ALREADY_EXISTS, exception.getMessage(), "EMAIL_ALREADY_TAKEN").build();
		}
		if (exception instanceof ImportLimitExceededException) {
			return error(Code.RESOURCE_EXHAUSTED, exception.getMessage(), "IMPORT_LIMIT_EXCEEDED").build();
		}
		if (isDatabaseUnavailable(exception)) {
			logger.warn("Database unavailable: {}", exception.getMessage());
			return error(Code.UNAVAILABLE, "the user database is unavailable; retry later", "DATABASE_UNAVAILABLE")
				.details(RetryInfo.newBuilder().setRetryDelay(DATABASE_RETRY_DELAY).build())
				.build();
		}
		logger.error("Unexpected error answered as INTERNAL", exception);
		return error(Code.INTERNAL, "internal error", "INTERNAL").build();
	}

	private static StatusException invalidArgument(InvalidArgumentException exception) {
		BadRequest.Builder badRequest = BadRequest.newBuilder();
		exception.getViolations()
			.forEach((violation) -> badRequest.addFieldViolationsBuilder()
				.setField(violation.field())
				.setDescription(violation.description()));
		return error(Code.INVALID_ARGUMENT, exception.getMessage(), "INVALID_ARGUMENT").details(badRequest.build())
			.build();
	}

	private static boolean isDatabaseUnavailable(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof RecoverableDataAccessException
					|| cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientException) {
				return true;
			}
		}
		return false;
	}

	private static ErrorBuilder error(Code code, String message, String reason) {
		return new ErrorBuilder(code, message, reason);
	}

	private static final class ErrorBuilder {

		private final Status.Builder status;

		ErrorBuilder(Code code, String message, String reason) {
			this.status = Status.newBuilder()
				.setCode(code.getNumber())
				.setMessage(message)
				.addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(ERROR_DOMAIN).build()));
		}

		ErrorBuilder details(com.google.protobuf.Message detail) {
			this.status.addDetails(Any.pack(detail));
			return this;
		}

		StatusException build() {
			return StatusProto.toStatusException(this.status.build());
		}

	}

}
