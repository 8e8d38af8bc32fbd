package com.acme.grpc.error;

import org.jspecify.annotations.Nullable;

/**
 * A service's own errors: its domain exceptions and the statuses they become. Declare one
 * as a bean; {@link ErrorStatuses} asks every resolver, in {@code @Order}, before it
 * applies the platform's own rules.
 */
@FunctionalInterface
public interface ExceptionStatusResolver {

	/**
	 * @param exception what a handler threw
	 * @param statuses makes statuses in the service's error domain, and maps a cause
	 * ({@link ErrorStatuses#of}) when the answer depends on it
	 * @return the status, or {@code null} when the exception is not one of this
	 * resolver's
	 */
	@Nullable ErrorStatus resolve(Throwable exception, ErrorStatuses statuses);

}
