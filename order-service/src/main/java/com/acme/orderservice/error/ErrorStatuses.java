package com.acme.orderservice.error;

import com.acme.orderservice.order.IdempotencyKeyReusedException;
import com.acme.orderservice.order.OrderNotFoundException;
import com.acme.orderservice.order.UserNotEligibleException;
import com.acme.orderservice.user.UsersNotCheckedException;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.grpc.protobuf.StatusProto;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one place where this service's exceptions become statuses. Both edges use it: gRPC
 * answers with the status itself ({@link GrpcExceptionMapper}), HTTP translates its code
 * ({@link ProblemDetailsAdvice}).
 *
 * <p>
 * Statuses follow <a href="https://google.aip.dev/193">AIP-193</a>, as user-service's do:
 * an {@code ErrorInfo} with a stable reason, a {@code BadRequest} listing every invalid
 * field. A status that came from user-service (a {@code StatusRuntimeException} thrown by
 * a stub) is kept as it is, details included. Unexpected errors are logged here and
 * answered as a bare INTERNAL.
 */
public final class ErrorStatuses {

	/** The {@code ErrorInfo.domain} of every error this service raises. */
	public static final String DOMAIN = "orders.acme.example";

	private static final Logger logger = LoggerFactory.getLogger(ErrorStatuses.class);

	private ErrorStatuses() {
	}

	/**
	 * @return the status raised by user-service (or by grpc-java for that call), if it
	 * was one
	 */
	static @Nullable Status upstream(Throwable exception) {
		return StatusProto.fromThrowable(exception);
	}

	static Status of(Throwable exception) {
		Status upstream = upstream(exception);
		if (upstream != null) {
			return upstream;
		}
		if (exception instanceof InvalidArgumentException invalid) {
			BadRequest.Builder badRequest = BadRequest.newBuilder();
			invalid.getViolations()
				.forEach((violation) -> badRequest.addFieldViolationsBuilder()
					.setField(violation.field())
					.setDescription(violation.description()));
			return status(Code.INVALID_ARGUMENT, invalid.getMessage(), "INVALID_ARGUMENT", badRequest.build());
		}
		if (exception instanceof OrderNotFoundException) {
			return status(Code.NOT_FOUND, exception.getMessage(), "ORDER_NOT_FOUND");
		}
		if (exception instanceof UserNotEligibleException notEligible) {
			return status(Code.FAILED_PRECONDITION, exception.getMessage(), notEligible.reason());
		}
		if (exception instanceof UsersNotCheckedException notChecked) {
			return status(Code.forNumber(notChecked.code().value()), exception.getMessage(), "USERS_NOT_CHECKED");
		}
		if (exception instanceof IdempotencyKeyReusedException) {
			return status(Code.ALREADY_EXISTS, exception.getMessage(), "IDEMPOTENCY_KEY_REUSED");
		}
		if (isDatabaseUnavailable(exception)) {
			logger.warn("Database unavailable: {}", exception.getMessage());
			return status(Code.UNAVAILABLE, "the order database is unavailable; retry later", "DATABASE_UNAVAILABLE");
		}
		logger.error("Unexpected error answered as INTERNAL", exception);
		return status(Code.INTERNAL, "internal error", "INTERNAL");
	}

	/**
	 * @return the ErrorInfo reason of a status, or {@code null} when it carries none
	 */
	static @Nullable ErrorInfo errorInfo(Status status) {
		return detail(status, ErrorInfo.class);
	}

	static <T extends Message> @Nullable T detail(Status status, Class<T> type) {
		for (Any detail : status.getDetailsList()) {
			if (detail.is(type)) {
				try {
					return detail.unpack(type);
				}
				catch (com.google.protobuf.InvalidProtocolBufferException ex) {
					return null;
				}
			}
		}
		return null;
	}

	private static Status status(Code code, String message, String reason, Message... details) {
		Status.Builder status = Status.newBuilder()
			.setCode(code.getNumber())
			.setMessage(message)
			.addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()));
		for (Message detail : details) {
			status.addDetails(Any.pack(detail));
		}
		return status.build();
	}

	private static boolean isDatabaseUnavailable(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof CannotCreateTransactionException) {
				return true;
			}
		}
		return false;
	}

}
