package com.acme.grpc.error;

import com.google.rpc.Code;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;

/**
 * Spring Security's refusals, where a service configures security for its gRPC server: no
 * valid token is UNAUTHENTICATED, a token without the right is PERMISSION_DENIED. Which
 * calls need which rights stays the service's own configuration.
 */
public class SecurityExceptionStatuses implements ExceptionStatusResolver {

	private static final Logger logger = LoggerFactory.getLogger(SecurityExceptionStatuses.class);

	@Override
	public @Nullable ErrorStatus resolve(Throwable exception, ErrorStatuses statuses) {
		if (exception instanceof AuthenticationException unauthenticated) {
			// No token, or one that is not ours or has expired.
			logger.info("Call refused, caller not authenticated: {}", unauthenticated.getMessage());
			return statuses.error(Code.UNAUTHENTICATED,
					"a valid bearer token is required (authorization: Bearer ...): " + unauthenticated.getMessage(),
					"UNAUTHENTICATED");
		}
		if (exception instanceof AccessDeniedException) {
			logger.info("Call refused, caller lacks the role: {}", exception.getMessage());
			return statuses.error(Code.PERMISSION_DENIED, "the caller's roles do not allow this method",
					"PERMISSION_DENIED");
		}
		return null;
	}

}
