package com.acme.grpc.error;

import java.sql.SQLTransientException;
import java.util.List;

import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one place where exceptions become statuses. The gRPC server answers with them
 * ({@link GrpcExceptionMapper}); a REST edge translates their codes. In this order:
 * <ol>
 * <li>a status exception is kept as it is, details included;</li>
 * <li>the service's own {@link ExceptionStatusResolver}s decide for its domain
 * errors;</li>
 * <li>an unreadable request is INVALID_ARGUMENT (or RESOURCE_EXHAUSTED for its size), an
 * {@link InvalidArgumentException} INVALID_ARGUMENT with a BadRequest;</li>
 * <li>a status found further down the causes (a stub's call to another service) is kept
 * as it is;</li>
 * <li>a database failure is DEADLINE_EXCEEDED when the call's deadline has passed (a
 * statement ended at it: the database is fine, the client has given up), otherwise
 * UNAVAILABLE with a RetryInfo;</li>
 * <li>anything else is logged here, with the request id, and answered as a bare INTERNAL:
 * never UNKNOWN, never a stack trace or SQL on the wire.</li>
 * </ol>
 */
public class ErrorStatuses {

	private static final Logger logger = LoggerFactory.getLogger(ErrorStatuses.class);

	private static final Duration DATABASE_RETRY_DELAY = Duration.newBuilder().setSeconds(1).build();

	private final String domain;

	private final List<ExceptionStatusResolver> resolvers;

	public ErrorStatuses(String domain, List<ExceptionStatusResolver> resolvers) {
		this.domain = domain;
		this.resolvers = List.copyOf(resolvers);
	}

	/** The {@code ErrorInfo.domain} of every error this service raises. */
	public String domain() {
		return this.domain;
	}

	/**
	 * @return a new status in this service's error domain
	 */
	public ErrorStatus error(Code code, String message, String reason) {
		return ErrorStatus.of(code, message, reason, this.domain);
	}

	/**
	 * @return the status {@code exception} becomes
	 */
	public ErrorStatus of(Throwable exception) {
		if (exception instanceof StatusException || exception instanceof StatusRuntimeException) {
			return ErrorStatus.of(StatusProto.fromThrowable(exception));
		}
		for (ExceptionStatusResolver resolver : this.resolvers) {
			ErrorStatus status = resolver.resolve(exception, this);
			if (status != null) {
				return status;
			}
		}
		if (exception instanceof MalformedRequestException malformed) {
			return malformed.isTooLarge() ? error(Code.RESOURCE_EXHAUSTED, malformed.getMessage(), "MESSAGE_TOO_LARGE")
					: error(Code.INVALID_ARGUMENT,
							"request is not a valid " + malformed.getMessageType() + ": " + malformed.getMessage(),
							"MALFORMED_REQUEST");
		}
		if (exception instanceof InvalidArgumentException invalid) {
			BadRequest.Builder badRequest = BadRequest.newBuilder();
			invalid.getViolations()
				.forEach((violation) -> badRequest.addFieldViolationsBuilder()
					.setField(violation.field())
					.setDescription(violation.description()));
			return error(Code.INVALID_ARGUMENT, invalid.getMessage(), "INVALID_ARGUMENT").detail(badRequest.build());
		}
		// After the request errors: a malformed request's cause is grpc-java's own
		// status.
		Status upstream = StatusProto.fromThrowable(exception);
		if (upstream != null) {
			return ErrorStatus.of(upstream);
		}
		if (isDatabaseFailure(exception)) {
			if (isDeadlinePassed()) {
				return error(Code.DEADLINE_EXCEEDED, "the call's deadline passed", "DEADLINE_EXCEEDED");
			}
			logger.warn("Database unavailable: {}", exception.getMessage());
			return error(Code.UNAVAILABLE, "the database is unavailable; retry later", "DATABASE_UNAVAILABLE")
				.detail(RetryInfo.newBuilder().setRetryDelay(DATABASE_RETRY_DELAY).build());
		}
		logger.error("Unexpected error answered as INTERNAL", exception);
		return error(Code.INTERNAL, "internal error", "INTERNAL");
	}

	private static boolean isDeadlinePassed() {
		Deadline deadline = Context.current().getDeadline();
		return deadline != null && deadline.isExpired();
	}

	/**
	 * A failure of the database or the way to it, not of the statement: worth retrying
	 * later. Spring's translations and the JDBC driver's own transient exceptions both
	 * count, as does a connection the pool could not give within its timeout.
	 */
	static boolean isDatabaseFailure(Throwable exception) {
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
