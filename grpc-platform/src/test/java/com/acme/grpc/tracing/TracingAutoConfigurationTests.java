package com.acme.grpc.tracing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Span;
import brave.Tracer;
import brave.propagation.TraceContextOrSamplingFlags;
import org.junit.jupiter.api.Test;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.zipkin.ZipkinWithBraveTracingAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.zipkin.autoconfigure.ZipkinAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's tracing set-up inside Spring Boot's Brave and Zipkin auto-configuration:
 * with export on, a failed request's spans reach the sender although nothing was sampled;
 * with export off, or the feature off, Boot's own set-up is left as it is.
 */
class TracingAutoConfigurationTests {

	private final RecordingSender sender = new RecordingSender();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BraveAutoConfiguration.class, ZipkinAutoConfiguration.class,
				ZipkinWithBraveTracingAutoConfiguration.class, TracingAutoConfiguration.class))
		.withBean(BytesMessageSender.class, () -> this.sender)
		.withPropertyValues("management.tracing.sampling.probability=0.0");

	@Test
	void withExportOnAFailedUnsampledTraceReachesTheSenderAndASuccessfulOneDoesNot() {
		this.runner.withPropertyValues("management.tracing.export.zipkin.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(FailedTraceExport.class).hasSingleBean(AsyncZipkinSpanHandler.class);
			Tracer tracer = context.getBean(Tracer.class);

			Span ok = tracer.newTrace().name("succeeded").start();
			assertThat(ok.context().sampled()).isFalse();
			ok.finish();
			Span failed = tracer.newTrace().name("failed").start();
			tracer.newChild(failed.context()).name("call").tag(FailedCallTagging.ERROR, "UNAVAILABLE").start().finish();
			failed.finish();

			assertThat(sentOnceItHas(context, "\"name\":\"failed\"")).contains("\"name\":\"call\"")
				.doesNotContain("succeeded");
		});
	}

	@Test
	void aStatementOutsideAnyRequestIsNotExportedButOneInsideIs() {
		this.runner.withPropertyValues("management.tracing.export.zipkin.enabled=true").run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			tracer.nextSpan(TraceContextOrSamplingFlags.SAMPLED)
				.name("health check query")
				.tag("jdbc.datasource.name", "dataSource")
				.start()
				.finish();
			Span request = tracer.nextSpan(TraceContextOrSamplingFlags.SAMPLED).name("request").start();
			tracer.newChild(request.context())
				.name("request query")
				.tag("jdbc.datasource.name", "dataSource")
				.start()
				.finish();
			request.finish();

			assertThat(sentOnceItHas(context, "\"name\":\"request\"")).contains("request query")
				.doesNotContain("health check query");
		});
	}

	@Test
	void actuatorRequestsAreNotExported() {
		this.runner.withPropertyValues("management.tracing.export.zipkin.enabled=true").run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			tracer.nextSpan(TraceContextOrSamplingFlags.SAMPLED)
				.name("http get /actuator/prometheus")
				.tag("uri", "/actuator/prometheus")
				.start()
				.finish();
			tracer.nextSpan(TraceContextOrSamplingFlags.SAMPLED)
				.name("http get /api/users/{id}")
				.tag("uri", "/api/users/{id}")
				.start()
				.finish();

			assertThat(sentOnceItHas(context, "/api/users/{id}")).doesNotContain("/actuator");
		});
	}

	@Test
	void withExportOffNothingIsRecordedForExport() {
		// As the platform's defaults have it until a trace backend is configured.
		this.runner.withPropertyValues("management.tracing.export.zipkin.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FailedTraceExport.class)
				.doesNotHaveBean(AsyncZipkinSpanHandler.class));
	}

	@Test
	void withTheFeatureOffBootsExporterIsUsedAsItIs() {
		this.runner
			.withPropertyValues("management.tracing.export.zipkin.enabled=true",
					"acme.tracing.export-failed-traces=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(FailedTraceExport.class)
					.hasSingleBean(AsyncZipkinSpanHandler.class)
					.hasBean("asyncZipkinSpanHandler");
				Tracer tracer = context.getBean(Tracer.class);
				Span failed = tracer.newTrace().name("failed").tag(FailedCallTagging.ERROR, "INTERNAL").start();
				failed.finish();
				tracer.nextSpan(TraceContextOrSamplingFlags.SAMPLED).name("sampled").start().finish();

				assertThat(sentOnceItHas(context, "\"name\":\"sampled\"")).doesNotContain("failed");
			});
	}

	/**
	 * What the sender got, once it has {@code marker}: spans are sent in the order they
	 * ended, so whatever ended before the marker's span and is missing was not sent.
	 * Flushes while waiting, since the reporter's own thread may be sending a batch.
	 */
	private String sentOnceItHas(AssertableApplicationContext context, String marker) {
		AsyncZipkinSpanHandler handler = context.getBean(AsyncZipkinSpanHandler.class);
		return await("a span with " + marker + " sent").atMost(Duration.ofSeconds(30)).until(() -> {
			handler.flush();
			return this.sender.sent();
		}, (sent) -> sent.contains(marker));
	}

	/** The bytes Zipkin would have received. */
	private static final class RecordingSender extends BytesMessageSender.Base {

		private final List<String> messages = new CopyOnWriteArrayList<>();

		RecordingSender() {
			super(Encoding.JSON);
		}

		@Override
		public int messageMaxBytes() {
			return 500_000;
		}

		@Override
		public void send(List<byte[]> spans) {
			spans.forEach((span) -> this.messages.add(new String(span, StandardCharsets.UTF_8)));
		}

		@Override
		public void close() {
		}

		String sent() {
			return String.join("\n", this.messages);
		}

	}

}
