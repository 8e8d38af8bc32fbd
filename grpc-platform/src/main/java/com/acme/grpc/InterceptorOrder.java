package com.acme.grpc;

/**
 * The order of the global server interceptors, in one place. Lower runs first
 * (outermost): it sees the call before the others and its listener wraps theirs.
 *
 * <pre>
 * METADATA            -100  platform: request id and propagated headers into Context, MDC and response headers
 * observation            0  Spring Boot: Micrometer grpc.server timer and in-flight gauge
 * exception handler      1  Spring Boot: exceptions to statuses through error/GrpcExceptionMapper
 * security               2  Spring Security, where the service configures it
 * METADATA_SIZE          5  platform: refuses oversized metadata with RESOURCE_EXHAUSTED
 * CALL_OUTCOME          10  platform: marks deadline/cancel endings on the observation
 * HEALTH_WATCH_STREAMS  20  platform: ends health Watch streams when shutdown begins
 * </pre>
 */
public final class InterceptorOrder {

	/**
	 * Outermost, so everything after it (including exception logging) has the request id.
	 */
	public static final int METADATA = -100;

	/**
	 * Inside the observation, so refused calls are counted, and before any handler work.
	 */
	public static final int METADATA_SIZE = 5;

	/**
	 * Inside Boot's observation interceptor (order 0), whose observation it annotates.
	 */
	public static final int CALL_OUTCOME = 10;

	/** Innermost: only looks at health Watch calls. */
	public static final int HEALTH_WATCH_STREAMS = 20;

	private InterceptorOrder() {
	}

}
