package com.acme.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs of one load against one target, with the CPU its server processes spent meanwhile:
 * the figure that drifts least on a shared machine. Several runs (rounds) add up.
 */
final class Measured {

	private long calls;

	private long failures;

	private long cpuNanos;

	private long elapsedNanos;

	private final List<Map<String, Object>> runs = new ArrayList<>();

	/**
	 * Adds one run, which {@code load} performs while the CPU of {@code pids} is read
	 * around it.
	 */
	<R extends Counted> R add(Load<R> load, long... pids) throws Exception {
		long cpuBefore = totalCpu(pids);
		long started = System.nanoTime();
		R result = load.run();
		long elapsed = System.nanoTime() - started;
		long cpu = totalCpu(pids) - cpuBefore;
		long count = result.calls();
		long failed = result.failures();
		this.calls += count;
		this.failures += failed;
		this.cpuNanos += cpu;
		this.elapsedNanos += elapsed;
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("calls", count);
		run.put("nonOk", failed);
		run.put("perSecond", Math.round(count / (elapsed / 1e9)));
		run.put("cpuMicrosPerCall", round(cpu / 1000.0 / count));
		this.runs.add(run);
		return result;
	}

	interface Load<R> {

		R run() throws Exception;

	}

	/** One load's headline figures, for use as another figure's baseline. */
	record Figures(String name, double cpuMicrosPerCall, double perSecond, double p50Millis, double p99Millis) {

		String cpu() {
			return Results.f("%s: %.0f µs", this.name, this.cpuMicrosPerCall);
		}

		String load() {
			return Results.f("%s: %,.0f/s, %.2f / %.2f ms", this.name, this.perSecond, this.p50Millis, this.p99Millis);
		}

	}

	/** What a load generator counted: every call, and those that did not succeed. */
	interface Counted {

		long calls();

		long failures();

	}

	double cpuMicrosPerCall() {
		return this.cpuNanos / 1000.0 / this.calls;
	}

	double perSecond() {
		return this.calls / (this.elapsedNanos / 1e9);
	}

	long failures() {
		return this.failures;
	}

	List<Map<String, Object>> runs() {
		return this.runs;
	}

	Duration elapsed() {
		return Duration.ofNanos(this.elapsedNanos);
	}

	/** The middle value (of an odd count; the upper middle otherwise). */
	static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

	static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

	private static long totalCpu(long... pids) {
		long total = 0;
		for (long pid : pids) {
			total += ProcessStats.cpu(pid).toNanos();
		}
		return total;
	}

}
