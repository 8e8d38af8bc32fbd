package com.acme.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.acme.benchmark.Results.f;

/**
 * P5 startup: wall time from launching {@code java} to the first SERVING answer of gRPC
 * health, for each service, against the bare grpc-java server launched the same way. On
 * JDK 17 as the images run it ({@code java -jar}), and on JDK 25 from the extracted jar
 * with an AOT cache made by a training run ({@code -XX:AOTCacheOutput},
 * {@code -Dspring.context.exit=onRefresh}), as the README documents.
 */
final class Footprint {

	private Footprint() {
	}

	static void startup(Stack stack, Stack.Service userService, Path jdk25, int runs, Results results)
			throws Exception {
		Map<String, Object> detail = new LinkedHashMap<>();
		List<Long> bare = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			bare.add(time(stack, stack::launchBareServer));
		}
		long bareMillis = Measured.median(bare);
		detail.put("bareGrpcJavaMillis", bare);
		String java17 = Stack.javaOfThisJvm();
		long user17 = median(stack, runs,
				() -> stack.launch("user-service", "users", java17, List.of(), Stack.jar("user-service")),
				"user-service JDK 17", detail);
		long order17 = median(
				stack, runs, () -> stack.launch("order-service", "orders", java17, List.of(),
						Stack.jar("order-service"), Stack.orderServiceTarget(userService)),
				"order-service JDK 17", detail);
		results.add(new Results.Row("P5", "Startup to gRPC SERVING, JDK 17, java -jar: user-service / order-service",
				f("%.2f / %.2f s", user17 / 1000.0, order17 / 1000.0), f("%.2f s bare grpc-java", bareMillis / 1000.0),
				f("%.1f× / %.1f×", (double) user17 / bareMillis, (double) order17 / bareMillis), "≤ 2 s",
				user17 <= 2000 && order17 <= 2000));
		if (jdk25 == null) {
			results.add(new Results.Row("P5", "Startup to gRPC SERVING, JDK 25 + AOT cache", "not measured: no JDK 25",
					"", "", "≤ 1 s", false));
		}
		else {
			String java25 = jdk25.resolve("bin/java").toString();
			long user25 = aotCached(stack, userService, java25, "user-service", "users", runs, detail);
			long order25 = aotCached(stack, userService, java25, "order-service", "orders", runs, detail);
			results.add(new Results.Row("P5",
					"Startup to gRPC SERVING, JDK 25, extracted jar + AOT cache: user-service / order-service",
					f("%.2f / %.2f s", user25 / 1000.0, order25 / 1000.0),
					f("%.2f / %.2f s JDK 17 java -jar", user17 / 1000.0, order17 / 1000.0),
					f("%.2f× / %.2f×", (double) user25 / user17, (double) order25 / order17), "≤ 1 s",
					user25 <= 1000 && order25 <= 1000));
		}
		results.detail("P5", detail);
	}

	/** Extracts the jar, trains an AOT cache, then times starts that use it. */
	private static long aotCached(Stack stack, Stack.Service userService, String java25, String module, String database,
			int runs, Map<String, Object> detail) throws Exception {
		Path directory = stack.work.resolve("aot").resolve(module);
		Files.createDirectories(directory.getParent());
		Command.run(List.of(java25, "-Djarmode=tools", "-jar", Stack.jar(module).toString(), "extract", "--destination",
				directory.toString()), Duration.ofSeconds(60));
		Path jar = directory.resolve(module + ".jar");
		Path cache = directory.resolve("app.aot");
		String[] args = module.equals("order-service") ? new String[] { Stack.orderServiceTarget(userService) }
				: new String[0];
		Stack.Service training = stack.launch(module, database, java25,
				List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh"), jar, args);
		if (!training.process().awaitExit(Duration.ofSeconds(120)) || !Files.exists(cache)) {
			throw new IllegalStateException(
					"AOT training run of " + module + " made no cache; see " + training.process().log());
		}
		Benchmark.progress("P5 %s: AOT cache of %d MiB trained", module, Files.size(cache) >> 20);
		return median(stack, runs,
				() -> stack.launch(module, database, java25, List.of("-XX:AOTCache=" + cache), jar, args),
				module + " JDK 25 AOT", detail);
	}

	interface Launch {

		Stack.Service start();

	}

	private static long median(Stack stack, int runs, Launch launch, String name, Map<String, Object> detail) {
		List<Long> millis = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			millis.add(time(stack, launch));
		}
		Benchmark.progress("P5 %s: started to SERVING in %s ms", name, millis);
		detail.put(name + " millis", millis);
		return Measured.median(millis);
	}

	/** From launch to the first SERVING answer; the process is stopped afterwards. */
	private static long time(Stack stack, Launch launch) {
		long started = System.nanoTime();
		Stack.Service launched = launch.start();
		try {
			Stack.awaitServing(launched, Duration.ofSeconds(60));
			return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		}
		finally {
			stack.stop(launched);
		}
	}

}
