package com.acme.grpc.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;

/**
 * Exports the spans of a failed request even when its trace was not sampled, as far as
 * head-based sampling allows.
 *
 * <p>
 * Brave decides whether a trace is sampled when its first span starts, before anyone
 * knows how the request will end; keeping every failure needs that decision taken at the
 * end (tail sampling, as in an OpenTelemetry Collector). What Brave allows instead is
 * recording every span locally ({@code alwaysSampleLocal}) and choosing what to export
 * when the spans end. This handler sits in front of the Zipkin exporter: spans of a
 * sampled trace pass; spans of an unsampled one wait until their service's part of the
 * trace (its local root: the REST request, or the gRPC call served) ends, and are
 * exported with it if any of them failed (Zipkin's {@code error} tag, set by
 * {@link FailedCallTagging}, or an exception), or dropped.
 *
 * <p>
 * Each service decides for its own part: when order-service answers 504 because
 * user-service was too slow, both parts failed and the trace is whole; when user-service
 * answered well but order-service failed afterwards, only order-service's part is
 * exported. The cost is that every request records its spans, sampled or not (see the
 * README's performance section); the sampling ratio then bounds what is exported and
 * stored, the usual expense of tracing in production.
 *
 * <p>
 * Memory is bounded: at most {@code maxPendingTraces} unsampled local traces wait at once
 * (beyond that, new ones are dropped unseen), and a trace whose local root never ends (a
 * span that outlived it) is discarded after {@link #STALE_NANOS}.
 */
public final class FailedTraceExport extends SpanHandler {

	/** Longer than any call may run here (budgets and deadlines stop at 30 s). */
	static final long STALE_NANOS = TimeUnit.MINUTES.toNanos(2);

	private final SpanHandler exporter;

	private final int maxPendingTraces;

	private final LongSupplier nanoTime;

	private final ConcurrentMap<Long, PendingTrace> pending = new ConcurrentHashMap<>();

	private final AtomicLong dropped = new AtomicLong();

	/**
	 * @param exporter where the spans of a failed trace go; it must report unsampled
	 * spans too (Zipkin's {@code alwaysReportSpans})
	 */
	public FailedTraceExport(SpanHandler exporter, int maxPendingTraces) {
		this(exporter, maxPendingTraces, System::nanoTime);
	}

	FailedTraceExport(SpanHandler exporter, int maxPendingTraces, LongSupplier nanoTime) {
		this.exporter = exporter;
		this.maxPendingTraces = maxPendingTraces;
		this.nanoTime = nanoTime;
	}

	/**
	 * @return true to let the next handler (the exporter) report this span
	 */
	@Override
	public boolean end(TraceContext context, MutableSpan span, Cause cause) {
		if (Boolean.TRUE.equals(context.sampled())) {
			return true;
		}
		if (context.isLocalRoot()) {
			PendingTrace trace = this.pending.remove(context.localRootId());
			boolean failed = failed(span) || (trace != null && trace.failed());
			if (failed && trace != null) {
				trace.export(this.exporter);
			}
			return failed;
		}
		PendingTrace trace = this.pending.get(context.localRootId());
		if (trace == null) {
			if (this.pending.size() >= this.maxPendingTraces) {
				discardStale();
			}
			if (this.pending.size() >= this.maxPendingTraces) {
				this.dropped.incrementAndGet();
				return false;
			}
			trace = this.pending.computeIfAbsent(context.localRootId(),
					(id) -> new PendingTrace(this.nanoTime.getAsLong()));
		}
		trace.add(context, span, cause);
		return false;
	}

	/** Unsampled local traces waiting for their root: for tests and diagnostics. */
	int pendingTraces() {
		return this.pending.size();
	}

	/** Unsampled spans dropped unseen because too many traces were pending. */
	long dropped() {
		return this.dropped.get();
	}

	private void discardStale() {
		long now = this.nanoTime.getAsLong();
		this.pending.values().removeIf((trace) -> now - trace.started > STALE_NANOS);
	}

	static boolean failed(MutableSpan span) {
		return span.error() != null || span.tag(FailedCallTagging.ERROR) != null;
	}

	private static final class PendingTrace {

		private final long started;

		// Guarded by this: the spans of one local trace can end on different threads.
		private final List<Ended> spans = new ArrayList<>(4);

		private boolean failed;

		PendingTrace(long started) {
			this.started = started;
		}

		synchronized void add(TraceContext context, MutableSpan span, Cause cause) {
			this.spans.add(new Ended(context, span, cause));
			this.failed |= FailedTraceExport.failed(span);
		}

		synchronized boolean failed() {
			return this.failed;
		}

		synchronized void export(SpanHandler exporter) {
			for (Ended ended : this.spans) {
				exporter.end(ended.context(), ended.span(), ended.cause());
			}
		}

	}

	private record Ended(TraceContext context, MutableSpan span, Cause cause) {
	}

}
