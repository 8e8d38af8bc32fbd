package com.acme.userservice.user.api;

import com.acme.grpc.error.ErrorStatus;
import com.acme.grpc.error.ErrorStatuses;
import com.acme.grpc.error.ExceptionStatusResolver;
import com.acme.userservice.user.EmailAlreadyTakenException;
import com.acme.userservice.user.ImportAbortedException;
import com.acme.userservice.user.ImportLimitExceededException;
import com.acme.userservice.user.UserNotFoundException;
import com.google.rpc.Code;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * This service's own errors and the statuses they become, with the {@code ErrorInfo}
 * reasons clients branch on. Everything else (bad requests, database failures, refused
 * callers, the unexpected) is the platform's {@link ErrorStatuses}.
 */
@Component
public class UserExceptionStatuses implements ExceptionStatusResolver {

	@Override
	public @Nullable ErrorStatus resolve(Throwable exception, ErrorStatuses statuses) {
		if (exception instanceof ImportAbortedException aborted) {
			// Why it stopped decides the code; how far it got lets the client resume.
			return statuses.of(aborted.getCause())
				.appendMessage(aborted.getMessage())
				.metadata("created_count", Integer.toString(aborted.getCreatedCount()))
				.metadata("failed_index", Integer.toString(aborted.getFailedIndex()));
		}
		if (exception instanceof UserNotFoundException) {
			return statuses.error(Code.NOT_FOUND, exception.getMessage(), "USER_NOT_FOUND");
		}
		if (exception instanceof EmailAlreadyTakenException) {
			return statuses.error(Code.ALREADY_EXISTS, exception.getMessage(), "EMAIL_ALREADY_TAKEN");
		}
		if (exception instanceof ImportLimitExceededException) {
			return statuses.error(Code.RESOURCE_EXHAUSTED, exception.getMessage(), "IMPORT_LIMIT_EXCEEDED");
		}
		return null;
	}

}
