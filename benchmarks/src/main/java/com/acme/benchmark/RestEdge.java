package com.acme.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAccumulator;

import static com.acme.benchmark.Results.f;

/**
 * P3: the REST edge under wrk, 32 connections, each request with an administrator's
 * access token from the authorization server, checked by the edge as in production (its
 * signature, issuer, audience, lifetime; the JWK set is cached). {@code GET
 * /api/users/{id}} is REST, then gRPC GetUser, then a database read;
 * {@code POST /api/orders} is REST, then gRPC GetUser (the buyer's eligibility), then a
 * database write. CPU per request is summed over both services' processes. Also the P5
 * footprint: each service's RSS at idle and at its peak under this load.
 */
final class RestEdge {

	static final int CONNECTIONS = 32;

	private RestEdge() {
	}

	/**
	 * @param grpcRead what P2 measured, the baseline of the read (null when P2 did not
	 * run); the read is the baseline of the create
	 * @param bareRss the bare grpc-java server's RSS, the baseline of memory (NaN without
	 * P1)
	 */
	static void run(Stack stack, Stack.Service userService, Stack.Service orderService, List<String> userIds,
			Benchmark.Timing timing, boolean measureLoad, Measured.Figures grpcRead, double bareRss, Results results)
			throws Exception {
		String rssBaseline = Double.isNaN(bareRss) ? "" : f("%.0f MiB bare grpc-java after P1's load", bareRss);
		double userIdle = ProcessStats.rssMiB(userService.pid());
		double orderIdle = ProcessStats.rssMiB(orderService.pid());
		if (!measureLoad) {
			results.add(new Results.Row("P5", "RSS at idle: user-service / order-service",
					f("%.0f / %.0f MiB", userIdle, orderIdle), rssBaseline, "", "", null));
			return;
		}
		String url = "http://127.0.0.1:" + orderService.httpPort();
		DoubleAccumulator userPeak = new DoubleAccumulator(Math::max, userIdle);
		DoubleAccumulator orderPeak = new DoubleAccumulator(Math::max, orderIdle);
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		Map<String, Object> detail = new LinkedHashMap<>();
		try {
			sampler.scheduleAtFixedRate(() -> {
				userPeak.accumulate(ProcessStats.rssMiB(userService.pid()));
				orderPeak.accumulate(ProcessStats.rssMiB(orderService.pid()));
			}, 0, 250, TimeUnit.MILLISECONDS);
			Measured.Figures read = measure("GET /api/users/{id}", Wrk.readUsers(userIds, stack.accessToken()), 200,
					grpcRead, stack, url, userService, orderService, timing, results, detail);
			measure("POST /api/orders", Wrk.createOrders(userIds, stack.accessToken()), 400, read, stack, url,
					userService, orderService, timing, results, detail);
		}
		finally {
			sampler.shutdownNow();
		}
		results.add(new Results.Row("P5", "RSS at idle → peak under P3: user-service / order-service",
				f("%.0f → %.0f / %.0f → %.0f MiB", userIdle, userPeak.get(), orderIdle, orderPeak.get()), rssBaseline,
				"", "", null));
		results.detail("P3", detail);
	}

	/**
	 * @param baseline the figures this one is compared with; null for none
	 */
	private static Measured.Figures measure(String name, String script, int cpuTarget, Measured.Figures baseline,
			Stack stack, String url, Stack.Service userService, Stack.Service orderService, Benchmark.Timing timing,
			Results results, Map<String, Object> detail) throws Exception {
		// Three times the usual warm-up: order-service has just started, and its JIT
		// needs it.
		Wrk.run(url, script, CONNECTIONS, timing.warmup().multipliedBy(3), stack.work);
		Measured measured = new Measured();
		Wrk.Result result = measured.add(() -> Wrk.run(url, script, CONNECTIONS, timing.measure(), stack.work),
				userService.pid(), orderService.pid());
		Benchmark.progress("P3 %s: %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, %d HTTP errors, %d socket errors", name,
				result.perSecond(), result.p50(), result.p99(), result.httpErrors(), result.socketErrors());
		double cpu = measured.cpuMicrosPerCall();
		results.add(new Results.Row("P3", "REST " + name + ": CPU per request, both services", f("%.0f µs", cpu),
				(baseline != null) ? baseline.cpu() : "",
				(baseline != null) ? f("%.2f×", cpu / baseline.cpuMicrosPerCall()) : "", f("≤ %d µs", cpuTarget),
				cpu <= cpuTarget));
		boolean latencyMet = result.p99() <= 15 && result.failures() == 0;
		results
			.add(new Results.Row("P3", f("REST %s: throughput, p50 / p99, errors (%d connections)", name, CONNECTIONS),
					f("%,.0f req/s, %.2f / %.2f ms, %d errors", result.perSecond(), result.p50(), result.p99(),
							result.failures()),
					(baseline != null) ? baseline.load() : "", "", "p99 ≤ 15 ms, 0 errors", latencyMet));
		detail.put(name, Map.of("runs", measured.runs(), "p999Millis", result.p999(), "elapsed",
				Duration.ofNanos(result.elapsed().toNanos()).toString()));
		return new Measured.Figures("REST " + name, cpu, result.perSecond(), result.p50(), result.p99());
	}

}
