package com.acme.grpc.tracing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import brave.Span;
import brave.Tracer;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContextOrSamplingFlags;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FailedTraceExport} on a real Brave tracer set up as the platform sets it up:
 * nothing sampled by the sampler, every span recorded locally, the handler in front of an
 * exporter that reports whatever it is given.
 */
class FailedTraceExportTests {

	private final List<String> exported = new CopyOnWriteArrayList<>();

	private final SpanHandler exporter = new SpanHandler() {

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			FailedTraceExportTests.this.exported.add(span.name());
			return true;
		}

	};

	private final AtomicLong now = new AtomicLong();

	private final FailedTraceExport export = new FailedTraceExport(this.exporter, 2, this.now::get);

	private final Tracing tracing = tracing();

	private Tracing tracing() {
		return Tracing.newBuilder()
			.sampler(Sampler.NEVER_SAMPLE)
			.alwaysSampleLocal()
			.addSpanHandler(this.export)
			.addSpanHandler(this.exporter)
			.build();
	}

	@AfterEach
	void close() {
		this.tracing.close();
	}

	@Test
	void aSampledTraceIsExportedAsItEnds() {
		Tracer tracer = this.tracing.tracer();
		Span root = tracer.nextSpan(TraceContextOrSamplingFlags.SAMPLED).name("root").start();
		tracer.newChild(root.context()).name("child").start().finish();
		assertThat(this.exported).containsExactly("child");
		root.finish();

		assertThat(this.exported).containsExactly("child", "root");
	}

	@Test
	void anUnsampledTraceThatSucceededIsDropped() {
		Tracer tracer = this.tracing.tracer();
		Span root = tracer.newTrace().name("root").start();
		assertThat(root.context().sampled()).isFalse();
		tracer.newChild(root.context()).name("child").start().finish();
		root.finish();

		assertThat(this.exported).isEmpty();
		assertThat(this.export.pendingTraces()).isZero();
	}

	@Test
	void anUnsampledTraceWithAFailedSpanIsExportedWholeWhenItsRootEnds() {
		Tracer tracer = this.tracing.tracer();
		Span root = tracer.newTrace().name("root").start();
		tracer.newChild(root.context()).name("ok").start().finish();
		tracer.newChild(root.context()).name("late").tag(FailedCallTagging.ERROR, "DEADLINE_EXCEEDED").start().finish();
		assertThat(this.exported).as("nothing before the root ends").isEmpty();
		root.finish();

		assertThat(this.exported).containsExactly("ok", "late", "root");
		assertThat(this.export.pendingTraces()).isZero();
	}

	@Test
	void anUnsampledTraceWhoseRootFailedIsExported() {
		Tracer tracer = this.tracing.tracer();
		Span root = tracer.newTrace().name("root").start();
		tracer.newChild(root.context()).name("child").start().finish();
		root.error(new IllegalStateException("broken")).finish();

		assertThat(this.exported).containsExactly("child", "root");
	}

	@Test
	void aServiceDecidesForItsOwnPartOfATrace() {
		// user-service's part: its server span continues order-service's unsampled
		// trace, whose parent span is in another process.
		TraceContext remoteParent = TraceContext.newBuilder().traceId(42L).spanId(7L).sampled(false).build();
		Tracer tracer = this.tracing.tracer();
		Span served = tracer.newChild(remoteParent).name("served").start();
		assertThat(served.context().isLocalRoot()).isTrue();
		tracer.newChild(served.context()).name("query").tag(FailedCallTagging.ERROR, "UNAVAILABLE").start().finish();
		served.finish();

		assertThat(this.exported).containsExactly("query", "served");
	}

	@Test
	void pendingTracesAreBoundedAndStaleOnesMakeRoom() {
		Tracer tracer = this.tracing.tracer();
		Span first = tracer.newTrace().name("first").start();
		Span second = tracer.newTrace().name("second").start();
		Span third = tracer.newTrace().name("third").start();
		tracer.newChild(first.context()).name("a").start().finish();
		tracer.newChild(second.context()).name("b").start().finish();
		tracer.newChild(third.context()).name("c").tag(FailedCallTagging.ERROR, "INTERNAL").start().finish();

		assertThat(this.export.pendingTraces()).isEqualTo(2);
		assertThat(this.export.dropped()).isEqualTo(1);
		third.error(new IllegalStateException("broken")).finish();
		assertThat(this.exported).as("a failed root still goes, without its dropped child").containsExactly("third");

		// first and second never end; once stale they give way to a new trace.
		this.now.addAndGet(FailedTraceExport.STALE_NANOS + TimeUnit.SECONDS.toNanos(1));
		Span fourth = tracer.newTrace().name("fourth").start();
		tracer.newChild(fourth.context()).name("d").tag(FailedCallTagging.ERROR, "INTERNAL").start().finish();
		fourth.finish();

		assertThat(this.exported).containsExactly("third", "d", "fourth");
		assertThat(this.export.pendingTraces()).isZero();
	}

}
