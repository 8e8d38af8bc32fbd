package com.acme.benchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;

import static com.acme.benchmark.Results.f;

/**
 * P1: what user-service as shipped (every interceptor: request id, observation with
 * metrics and tracing, exception mapping, authentication, metadata limits, call outcomes)
 * costs over bare grpc-java, on an RPC without I/O: {@code grpc.health.v1.Health/Check}.
 * Same client, same token header, same concurrency, alternating targets round by round so
 * that drift on a shared machine hits both.
 */
final class FrameworkTax {

	static final int CHANNELS = 4;

	static final int OUTSTANDING = 10;

	private static final Function<Channel, ListenableFuture<?>> CHECK = channel -> HealthGrpc.newFutureStub(channel)
		.check(HealthCheckRequest.getDefaultInstance());

	private FrameworkTax() {
	}

	/**
	 * @return the bare server's RSS (MiB) after its load, the baseline of P5's memory
	 * figure
	 */
	static double run(Stack stack, Stack.Service userService, Clients clients, Benchmark.Timing timing, Results results)
			throws Exception {
		Stack.Service bare = stack.startBareServer();
		List<Measured> baseline = new ArrayList<>();
		List<Measured> shipped = new ArrayList<>();
		for (int round = 0; round < timing.rounds(); round++) {
			baseline.add(measure("bare grpc-java", bare, clients, timing, round == 0));
			shipped.add(measure("user-service", userService, clients, timing, round == 0));
		}
		double bareRss = ProcessStats.rssMiB(bare.pid());
		stack.stop(bare);
		// Per round, then the round with the median ratio: a burst of load from a
		// neighbour on a shared machine spoils one round of both targets, not the figure.
		int cpuRound = medianRound(shipped, baseline, Measured::cpuMicrosPerCall);
		int throughputRound = medianRound(shipped, baseline, Measured::perSecond);
		double cpuRatio = shipped.get(cpuRound).cpuMicrosPerCall() / baseline.get(cpuRound).cpuMicrosPerCall();
		double throughputRatio = shipped.get(throughputRound).perSecond() / baseline.get(throughputRound).perSecond();
		String load = f("health Check, %d channels x %d in flight, round of median ratio of %d", CHANNELS, OUTSTANDING,
				timing.rounds());
		results.add(new Results.Row("P1", "Framework tax: server CPU per call (" + load + ")",
				f("%.1f µs", shipped.get(cpuRound).cpuMicrosPerCall()) + nonOk(shipped),
				f("%.1f µs bare grpc-java + ForkJoinPool", baseline.get(cpuRound).cpuMicrosPerCall()) + nonOk(baseline),
				f("%.2f×", cpuRatio), "≤ 1.2×", cpuRatio <= 1.2));
		results.add(new Results.Row("P1", "Framework tax: throughput (" + load + ")",
				f("%,.0f calls/s", shipped.get(throughputRound).perSecond()),
				f("%,.0f calls/s", baseline.get(throughputRound).perSecond()), f("%.2f×", throughputRatio), "≥ 0.85×",
				throughputRatio >= 0.85));
		results.detail("P1", Map.of("userService", shipped.stream().map(Measured::runs).toList(), "bareGrpcJava",
				baseline.stream().map(Measured::runs).toList()));
		return bareRss;
	}

	/**
	 * The index of the round whose shipped / baseline ratio of {@code figure} is the
	 * median.
	 */
	static int medianRound(List<Measured> shipped, List<Measured> baseline, ToDoubleFunction<Measured> figure) {
		List<Integer> rounds = new ArrayList<>();
		for (int round = 0; round < shipped.size(); round++) {
			rounds.add(round);
		}
		rounds.sort(Comparator.comparingDouble((Integer round) -> figure.applyAsDouble(shipped.get(round))
				/ figure.applyAsDouble(baseline.get(round))));
		return rounds.get(rounds.size() / 2);
	}

	static Measured measure(String name, Stack.Service server, Clients clients, Benchmark.Timing timing, boolean warmUp)
			throws Exception {
		Measured into = new Measured();
		List<Channel> channels = clients.connections(server.grpcPort(), CHANNELS, clients.serviceToken);
		try {
			if (warmUp) {
				// Twice the usual warm-up: user-service's CPU per call still fell for 30
				// s after start.
				ClosedLoopLoad.run(channels, OUTSTANDING, timing.warmup().multipliedBy(2), CHECK);
			}
			ClosedLoopLoad.Result result = into
				.add(() -> ClosedLoopLoad.run(channels, OUTSTANDING, timing.measure(), CHECK), server.pid());
			Benchmark.progress("P1 %s: %,.0f calls/s, %.1f µs CPU per call, p99 %.2f ms, statuses %s", name,
					result.perSecond(), into.cpuMicrosPerCall(), result.percentileMillis(99),
					Benchmark.joinStatuses(result.statuses()));
			return into;
		}
		finally {
			clients.close();
		}
	}

	static String nonOk(Measured measured) {
		return nonOk(List.of(measured));
	}

	static String nonOk(List<Measured> runs) {
		return f(" (%d non-OK)", runs.stream().mapToLong(Measured::failures).sum());
	}

}
