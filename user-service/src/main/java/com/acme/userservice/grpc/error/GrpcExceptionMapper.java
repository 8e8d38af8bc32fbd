package com.acme.userservice.grpc.error;

import java.sql.SQLTransientException;

import com.acme.userservice.user.EmailAlreadyTakenException;
import com.acme.userservice.user.ImportAbortedException;
import com.acme.userservice.user.ImportLimitExceededException;
import com.acme.userservice.user.InvalidArgumentException;
import com.acme.userservice.user.UserNotFoundException;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one place where exceptions become gRPC statuses, for every RPC of this service
 * (Spring gRPC calls it for exceptions thrown by handlers and for {@code onError} with a
 * non-status exception).
 *
 * <p>
 * Statuses follow <a href="https://google.aip.dev/193">AIP-193</a>: a stable
 * {@code google.rpc.ErrorInfo} reason clients can branch on, a
 * {@code google.rpc.BadRequest} listing every invalid field, and a
 * {@code google.rpc.RetryInfo} where retrying helps. Never UNKNOWN, and never a stack
 * trace or SQL text on the wire: unexpected errors are logged here (with the request id)
 * and reach the client as a bare INTERNAL.
 */
@Component
public class GrpcExceptionMapper implements GrpcExceptionHandler {

	/** The {@code ErrorInfo.domain} of every error this service raises. */
	public static final String ERROR_DOMAIN = "users.acme.example";

	private static final Logger logger = LoggerFactory.getLogger(GrpcExceptionMapper.class);

	private static final Duration DATABASE_RETRY_DELAY = Duration.newBuilder().setSeconds(1).build();

	@Override
	public StatusException handleException(Throwable exception) {
		return map(exception).build();
	}

	private static RpcStatusBuilder map(Throwable exception) {
		if (exception instanceof StatusException status) {
			return RpcStatusBuilder.of(status.getStatus(), status.getTrailers());
		}
		if (exception instanceof StatusRuntimeException status) {
			return RpcStatusBuilder.of(status.getStatus(), status.getTrailers());
		}
		if (exception instanceof AuthenticationException unauthenticated) {
			// Spring Security's gRPC support: no token, or one that is not ours or has
			// expired.
			logger.info("Call refused, caller not authenticated: {}", unauthenticated.getMessage());
			return new RpcStatusBuilder(Code.UNAUTHENTICATED,
					"a valid service token is required (authorization: Bearer ...): " + unauthenticated.getMessage(),
					"UNAUTHENTICATED");
		}
		if (exception instanceof AccessDeniedException) {
			logger.info("Call refused, caller lacks the role: {}", exception.getMessage());
			return new RpcStatusBuilder(Code.PERMISSION_DENIED, "the caller's roles do not allow this method",
					"PERMISSION_DENIED");
		}
		if (exception instanceof MalformedRequestException malformed) {
			return malformed.isTooLarge()
					? new RpcStatusBuilder(Code.RESOURCE_EXHAUSTED, malformed.getMessage(), "MESSAGE_TOO_LARGE")
					: new RpcStatusBuilder(Code.INVALID_ARGUMENT,
							"request is not a valid " + malformed.getMessageType() + ": " + malformed.getMessage(),
							"MALFORMED_REQUEST");
		}
		if (exception instanceof ImportAbortedException aborted) {
			// Why it stopped decides the code; how far it got lets the client resume.
			return map(aborted.getCause()).appendMessage(aborted.getMessage())
				.metadata("created_count", aborted.getCreatedCount())
				.metadata("failed_index", aborted.getFailedIndex());
		}
		if (exception instanceof InvalidArgumentException invalid) {
			return invalidArgument(invalid);
		}
		if (exception instanceof UserNotFoundException) {
			return new RpcStatusBuilder(Code.NOT_FOUND, exception.getMessage(), "USER_NOT_FOUND");
		}
		if (exception instanceof EmailAlreadyTakenException) {
			return new RpcStatusBuilder(Code.ALREADY_EXISTS, exception.getMessage(), "EMAIL_ALREADY_TAKEN");
		}
		if (exception instanceof ImportLimitExceededException) {
			return new RpcStatusBuilder(Code.RESOURCE_EXHAUSTED, exception.getMessage(), "IMPORT_LIMIT_EXCEEDED");
		}
		if (isDeadlinePassed() && isDatabaseUnavailable(exception)) {
			// The call ran out of time (a statement ended at the call's deadline, see
			// DeadlineJdbcTemplate): the database is fine, and the client has already
			// given up.
			return new RpcStatusBuilder(Code.DEADLINE_EXCEEDED, "the call's deadline passed", "DEADLINE_EXCEEDED");
		}
		if (isDatabaseUnavailable(exception)) {
			logger.warn("Database unavailable: {}", exception.getMessage());
			return new RpcStatusBuilder(Code.UNAVAILABLE, "the user database is unavailable; retry later",
					"DATABASE_UNAVAILABLE")
				.detail(RetryInfo.newBuilder().setRetryDelay(DATABASE_RETRY_DELAY).build());
		}
		logger.error("Unexpected error answered as INTERNAL", exception);
		return new RpcStatusBuilder(Code.INTERNAL, "internal error", "INTERNAL");
	}

	private static RpcStatusBuilder invalidArgument(InvalidArgumentException exception) {
		BadRequest.Builder badRequest = BadRequest.newBuilder();
		exception.getViolations()
			.forEach((violation) -> badRequest.addFieldViolationsBuilder()
				.setField(violation.field())
				.setDescription(violation.description()));
		return new RpcStatusBuilder(Code.INVALID_ARGUMENT, exception.getMessage(), "INVALID_ARGUMENT")
			.detail(badRequest.build());
	}

	private static boolean isDeadlinePassed() {
		Deadline deadline = Context.current().getDeadline();
		return deadline != null && deadline.isExpired();
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

}
