package com.acme.orderservice.error;

import com.acme.grpc.error.ErrorStatus;
import com.acme.grpc.error.ErrorStatuses;
import com.acme.grpc.error.ExceptionStatusResolver;
import com.acme.orderservice.order.IdempotencyKeyReusedException;
import com.acme.orderservice.order.OrderNotFoundException;
import com.acme.orderservice.order.UserNotEligibleException;
import com.acme.orderservice.security.NotTheBuyerException;
import com.acme.orderservice.user.UsersNotCheckedException;
import com.google.rpc.Code;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * This service's own errors and the statuses they become, with the {@code ErrorInfo}
 * reasons clients branch on. Both edges answer with them: gRPC with the status itself,
 * HTTP with its code translated ({@link ProblemDetailsAdvice}). A status from
 * user-service (a {@code StatusRuntimeException} thrown by a stub), bad requests,
 * database failures and the unexpected are the platform's {@link ErrorStatuses}.
 */
@Component
public class OrderExceptionStatuses implements ExceptionStatusResolver {

	@Override
	public @Nullable ErrorStatus resolve(Throwable exception, ErrorStatuses statuses) {
		if (exception instanceof OrderNotFoundException) {
			return statuses.error(Code.NOT_FOUND, exception.getMessage(), "ORDER_NOT_FOUND");
		}
		if (exception instanceof UserNotEligibleException notEligible) {
			return statuses.error(Code.FAILED_PRECONDITION, exception.getMessage(), notEligible.reason());
		}
		if (exception instanceof UsersNotCheckedException notChecked) {
			return statuses.error(Code.forNumber(notChecked.code().value()), exception.getMessage(),
					"USERS_NOT_CHECKED");
		}
		if (exception instanceof NotTheBuyerException) {
			return statuses.error(Code.PERMISSION_DENIED, exception.getMessage(), "NOT_THE_BUYER");
		}
		if (exception instanceof IdempotencyKeyReusedException) {
			return statuses.error(Code.ALREADY_EXISTS, exception.getMessage(), "IDEMPOTENCY_KEY_REUSED");
		}
		return null;
	}

}
