package com.acme.grpc.tracing;

import java.util.Map;

import brave.TracingCustomizer;
import brave.handler.MutableSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import zipkin2.reporter.BytesEncoder;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.ConditionalOnEnabledTracingExport;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.zipkin.ZipkinWithBraveTracingAutoConfiguration;
import org.springframework.boot.zipkin.autoconfigure.ZipkinAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Spans that say what happened and can be found: a failed call's span carries
 * {@code error} ({@link FailedCallTagging}), every gRPC span the request id
 * ({@link RequestIdTagging}), and a failed request is exported even when its trace was
 * not sampled ({@link FailedTraceExport}). Sampling, propagation (W3C) and the Zipkin
 * exporter are Spring Boot's, configured in the platform's
 * {@code acme-grpc-defaults.yml}.
 */
@AutoConfiguration(after = ZipkinAutoConfiguration.class,
		before = { BraveAutoConfiguration.class, ZipkinWithBraveTracingAutoConfiguration.class })
@EnableConfigurationProperties(TracingProperties.class)
public class TracingAutoConfiguration {

	@Bean
	FailedCallTagging failedCallTagging() {
		return new FailedCallTagging();
	}

	@Bean
	RequestIdTagging requestIdTagging() {
		return new RequestIdTagging();
	}

	/**
	 * Work that is not a request is not exported: Actuator's health probes and
	 * Prometheus's scrapes, and SQL statements outside any request (the health
	 * indicator's connection check every 2 s, schema migration). Every few seconds on
	 * every instance, they would bury the traces of real requests. Their metrics stay.
	 */
	@Bean
	SpanExportingPredicate backgroundSpansNotExported() {
		return (span) -> {
			// Brave's bridge copies the tags on every call: once per span.
			Map<String, String> tags = span.getTags();
			String uri = tags.get("uri");
			if (uri != null && uri.startsWith("/actuator")) {
				return false;
			}
			String parent = span.getParentId();
			boolean root = parent == null || parent.isEmpty();
			return !root || tags.keySet().stream().noneMatch((key) -> key.startsWith("jdbc."));
		};
	}

	/**
	 * Replaces Boot's Zipkin span handler with one that reports unsampled spans too, and
	 * puts {@link FailedTraceExport} in front of it to choose which.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AsyncZipkinSpanHandler.class)
	@ConditionalOnEnabledTracingExport("zipkin")
	@ConditionalOnBean(BytesMessageSender.class)
	@ConditionalOnBooleanProperty(name = "acme.tracing.export-failed-traces", matchIfMissing = true)
	static class FailedTraceExportConfiguration {

		@Bean
		AsyncZipkinSpanHandler failedTracesZipkinSpanHandler(BytesMessageSender sender,
				BytesEncoder<MutableSpan> encoder) {
			return AsyncZipkinSpanHandler.newBuilder(sender).alwaysReportSpans(true).build(encoder);
		}

		/**
		 * After Micrometer's own span handler (highest precedence), before the exporter.
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE + 100)
		FailedTraceExport failedTraceExport(AsyncZipkinSpanHandler failedTracesZipkinSpanHandler,
				TracingProperties properties) {
			return new FailedTraceExport(failedTracesZipkinSpanHandler, properties.maxPendingTraces());
		}

		/**
		 * Every span is recorded, so that a failure can be exported whatever the sampler
		 * said.
		 */
		@Bean
		TracingCustomizer alwaysSampleLocal() {
			return (builder) -> builder.alwaysSampleLocal();
		}

	}

}
