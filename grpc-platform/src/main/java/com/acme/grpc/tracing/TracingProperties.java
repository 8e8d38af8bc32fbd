package com.acme.grpc.tracing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code acme.tracing.*}. Sampling and the Zipkin endpoint are Spring Boot's own
 * properties ({@code management.tracing.sampling.probability},
 * {@code management.tracing.export.zipkin.*}).
 *
 * @param exportFailedTraces whether a failed request's spans are exported even when its
 * trace was not sampled ({@link FailedTraceExport}); it makes every request record its
 * spans
 * @param maxPendingTraces how many unsampled local traces may wait for their end at once
 */
@ConfigurationProperties("acme.tracing")
public record TracingProperties(@DefaultValue("true") boolean exportFailedTraces,
		@DefaultValue("10000") int maxPendingTraces) {

	public TracingProperties {
		if (maxPendingTraces < 1) {
			throw new IllegalArgumentException("acme.tracing.max-pending-traces must be at least 1");
		}
	}

}
