package com.acme.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.acme.testsupport.tracing.ZipkinServer;

import static com.acme.benchmark.Results.f;

/**
 * P6: what exporting spans to Zipkin costs at the shipped sampling ratio (10% of requests
 * exported, every request's spans recorded so that failures can be kept): P1's health
 * Check and P3's REST GET, each on a service pair exporting to a real Zipkin server and
 * on one that does not, in alternating rounds of the same run.
 */
final class TraceExport {

	private TraceExport() {
	}

	static void run(Stack stack, Stack.Service userService, Clients clients, List<String> userIds,
			List<String> settings, Benchmark.Timing timing, Results results) throws Exception {
		try (ZipkinServer zipkin = ZipkinServer.start(stack.work)) {
			List<String> exporting = new ArrayList<>(settings);
			exporting.add("--management.tracing.export.zipkin.enabled=true");
			exporting.add("--management.tracing.export.zipkin.endpoint=" + zipkin.spansEndpoint());
			Stack.Service tracedUsers = stack.startUserService(List.of(), exporting);
			try {
				check(userService, tracedUsers, clients, timing, results);
				restGet(stack, userService, tracedUsers, userIds, settings, exporting, timing, results);
			}
			finally {
				stack.stop(tracedUsers);
			}
			// Without spans in Zipkin the figures above would measure nothing.
			String services = zipkin.get("/api/v2/services").body();
			if (!services.contains("user-service") || !services.contains("order-service")) {
				throw new IllegalStateException("Zipkin received no spans from both services: " + services);
			}
		}
	}

	private static void check(Stack.Service userService, Stack.Service tracedUsers, Clients clients,
			Benchmark.Timing timing, Results results) throws Exception {
		List<Measured> off = new ArrayList<>();
		List<Measured> on = new ArrayList<>();
		for (int round = 0; round < timing.rounds(); round++) {
			off.add(FrameworkTax.measure("export off", userService, clients, timing, round == 0));
			on.add(FrameworkTax.measure("export on", tracedUsers, clients, timing, round == 0));
		}
		int cpuRound = FrameworkTax.medianRound(on, off, Measured::cpuMicrosPerCall);
		int throughputRound = FrameworkTax.medianRound(on, off, Measured::perSecond);
		String load = f("health Check, %d channels x %d in flight", FrameworkTax.CHANNELS, FrameworkTax.OUTSTANDING);
		results.add(new Results.Row("P6", "Span export on, P1's load: server CPU per call (" + load + ")",
				f("%.1f µs", on.get(cpuRound).cpuMicrosPerCall()) + FrameworkTax.nonOk(on),
				f("%.1f µs export off", off.get(cpuRound).cpuMicrosPerCall()) + FrameworkTax.nonOk(off),
				f("%.2f×", on.get(cpuRound).cpuMicrosPerCall() / off.get(cpuRound).cpuMicrosPerCall()), "", null));
		results.add(new Results.Row("P6", "Span export on, P1's load: throughput",
				f("%,.0f calls/s", on.get(throughputRound).perSecond()),
				f("%,.0f calls/s export off", off.get(throughputRound).perSecond()),
				f("%.2f×", on.get(throughputRound).perSecond() / off.get(throughputRound).perSecond()), "", null));
		results.detail("P6 Check", Map.of("exportOn", on.stream().map(Measured::runs).toList(), "exportOff",
				off.stream().map(Measured::runs).toList()));
	}

	private static void restGet(Stack stack, Stack.Service userService, Stack.Service tracedUsers, List<String> userIds,
			List<String> settings, List<String> exporting, Benchmark.Timing timing, Results results) throws Exception {
		Stack.Service orders = stack.startOrderService(List.of(), settings, userService);
		Stack.Service tracedOrders = stack.startOrderService(List.of(), exporting, tracedUsers);
		try {
			String script = Wrk.readUsers(userIds, stack.accessToken());
			List<Measured> off = new ArrayList<>();
			List<Measured> on = new ArrayList<>();
			List<Wrk.Result> offLoads = new ArrayList<>();
			List<Wrk.Result> onLoads = new ArrayList<>();
			for (int round = 0; round < timing.rounds(); round++) {
				offLoads.add(get("export off", orders, userService, script, stack, timing, round == 0, off));
				onLoads.add(get("export on", tracedOrders, tracedUsers, script, stack, timing, round == 0, on));
			}
			int cpuRound = FrameworkTax.medianRound(on, off, Measured::cpuMicrosPerCall);
			results.add(new Results.Row("P6",
					"Span export on, P3's load: REST GET /api/users/{id}, CPU per request, both services",
					f("%.0f µs, p99 %.2f ms", on.get(cpuRound).cpuMicrosPerCall(), onLoads.get(cpuRound).p99()),
					f("%.0f µs, p99 %.2f ms export off", off.get(cpuRound).cpuMicrosPerCall(),
							offLoads.get(cpuRound).p99()),
					f("%.2f×", on.get(cpuRound).cpuMicrosPerCall() / off.get(cpuRound).cpuMicrosPerCall()), "", null));
			results.detail("P6 REST GET", Map.of("exportOn", on.stream().map(Measured::runs).toList(), "exportOff",
					off.stream().map(Measured::runs).toList()));
		}
		finally {
			stack.stop(tracedOrders);
			stack.stop(orders);
		}
	}

	private static Wrk.Result get(String name, Stack.Service orderService, Stack.Service userService, String script,
			Stack stack, Benchmark.Timing timing, boolean warmUp, List<Measured> into) throws Exception {
		String url = "http://127.0.0.1:" + orderService.httpPort();
		if (warmUp) {
			// As in P3: order-service has just started, and its JIT needs it.
			Wrk.run(url, script, RestEdge.CONNECTIONS, timing.warmup().multipliedBy(3), stack.work);
		}
		Measured measured = new Measured();
		Wrk.Result result = measured.add(() -> Wrk.run(url, script, RestEdge.CONNECTIONS, timing.measure(), stack.work),
				userService.pid(), orderService.pid());
		Benchmark.progress("P6 REST GET %s: %,.0f requests/s, %.0f µs CPU per request, p99 %.2f ms, %d errors", name,
				result.perSecond(), measured.cpuMicrosPerCall(), result.p99(), result.failures());
		into.add(measured);
		return result;
	}

}
