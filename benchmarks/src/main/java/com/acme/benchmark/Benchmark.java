package com.acme.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The performance benchmark (scripts/benchmark): P1 to P6 of the README's Performance
 * section, each figure next to a baseline measured in the same run, written to
 * benchmarks/results/.
 *
 * <p>
 * Options: {@code --quick} (short runs, to try the harness), {@code --only P1,P3},
 * {@code --jfr} (services record a JFR profile into the work folder),
 * {@code --jdk25 PATH}, {@code --set name=value} (a Spring setting for both services,
 * repeatable: to measure a configuration change against the same baselines),
 * {@code --output DIR}.
 */
public final class Benchmark {

	private static final Instant STARTED = Instant.now();

	private Benchmark() {
	}

	/**
	 * Durations of one run; {@code --quick} shortens them to try the harness, not to
	 * measure.
	 */
	record Timing(Duration warmup, Duration measure, int rounds) {
	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = Arrays.asList(args);
		boolean quick = arguments.contains("--quick");
		Timing timing = quick ? new Timing(Duration.ofSeconds(3), Duration.ofSeconds(4), 1)
				: new Timing(Duration.ofSeconds(10), Duration.ofSeconds(10), 3);
		Set<String> only = option(arguments, "--only").map(value -> Set.of(value.split(",")))
			.orElse(Set.of("P1", "P2", "P3", "P4", "P5", "P6"));
		boolean jfr = arguments.contains("--jfr");
		Path jdk25 = option(arguments, "--jdk25").map(Path::of).orElseGet(Benchmark::findJdk25);
		Path output = Path.of(option(arguments, "--output").orElse("results")).toAbsolutePath();
		Path work = Files.createTempDirectory("acme-benchmark");
		List<String> settings = new ArrayList<>();
		for (int i = 0; i < arguments.size() - 1; i++) {
			if (arguments.get(i).equals("--set")) {
				settings.add("--" + arguments.get(i + 1));
			}
		}

		Results results = new Results(environment(quick, settings));
		progress("work folder %s; results go to %s", work, output);
		try (Stack stack = Stack.create(work)) {
			// Ctrl-C stops the services, the bare server and PostgreSQL too, not only
			// this JVM.
			Thread cleanup = new Thread(() -> {
				try {
					stack.close();
				}
				catch (Exception ex) {
					System.err.println("cleanup failed: " + ex);
				}
			});
			Runtime.getRuntime().addShutdownHook(cleanup);
			List<String> serviceJvm = jfr ? jfrOptions(work, "user-service") : List.of();
			Stack.Service userService = stack.startUserService(serviceJvm, settings);
			Clients clients = new Clients(stack.credentials, userService.grpcPort());
			try {
				List<String> userIds = Seed.users(clients, 10_000);
				progress("seeded %d users", userIds.size());
				// P2 first: it also warms the code every call runs (interceptors,
				// security, observation), which the JIT compiles slowly on two busy
				// cores.
				Measured.Figures grpcRead = null;
				if (only.contains("P2")) {
					grpcRead = ReadPath.run(stack, userService, clients, userIds, timing, results);
				}
				double bareRss = Double.NaN;
				if (only.contains("P1")) {
					bareRss = FrameworkTax.run(stack, userService, clients, timing, results);
				}
				if (only.contains("P4")) {
					StreamingPays.run(clients, userIds, results);
				}
				if (only.contains("P3") || only.contains("P5")) {
					Stack.Service orderService = stack
						.startOrderService(jfr ? jfrOptions(work, "order-service") : List.of(), settings, userService);
					RestEdge.run(stack, userService, orderService, userIds, timing, only.contains("P3"), grpcRead,
							bareRss, results);
					stack.stop(orderService);
				}
				if (only.contains("P6")) {
					TraceExport.run(stack, userService, clients, userIds, settings, timing, results);
				}
				if (only.contains("P5")) {
					Footprint.startup(stack, userService, jdk25, quick ? 1 : 3, results);
				}
			}
			finally {
				clients.close();
			}
		}
		results.write(output);
		progress("done: %s and %s", output.resolve("results.md"), output.resolve("results.json"));
		System.out.println();
		System.out.println(results.markdown());
	}

	/** A line on stdout with the elapsed time, so that a long run shows where it is. */
	static void progress(String format, Object... args) {
		Duration elapsed = Duration.between(STARTED, Instant.now());
		System.out.printf("[%3d s] %s%n", elapsed.toSeconds(), String.format(format, args));
	}

	private static Optional<String> option(List<String> arguments, String name) {
		int index = arguments.indexOf(name);
		return (index >= 0 && index + 1 < arguments.size()) ? Optional.of(arguments.get(index + 1)) : Optional.empty();
	}

	private static List<String> jfrOptions(Path work, String name) {
		return List.of("-XX:StartFlightRecording=settings=profile,filename=" + work.resolve(name + ".jfr"));
	}

	private static Path findJdk25() {
		Path jvms = Path.of("/usr/lib/jvm");
		try (var entries = Files.list(jvms)) {
			return entries.filter(path -> path.getFileName().toString().contains("25"))
				.filter(path -> Files.isExecutable(path.resolve("bin/java")))
				.findFirst()
				.orElse(null);
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Machine, JDK and commit: what a reader needs to compare two results tables. */
	private static Map<String, Object> environment(boolean quick, List<String> settings)
			throws IOException, InterruptedException {
		Map<String, Object> environment = new LinkedHashMap<>();
		environment.put("machine",
				cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memTotalGiB()
						+ " GiB RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
		environment.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		environment.put("service JVM options", String.join(" ", Stack.CONTAINER_JVM_OPTIONS));
		environment.put("commit",
				git("rev-parse", "--short=12", "HEAD") + (git("status", "--porcelain", "--untracked-files=no").isEmpty()
						? "" : " (with uncommitted changes)"));
		if (!settings.isEmpty()) {
			environment.put("service settings", String.join(" ", settings));
		}
		if (quick) {
			environment.put("mode", "--quick: short runs, not for comparison");
		}
		return environment;
	}

	private static String cpuModel() throws IOException {
		return Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter(line -> line.startsWith("model name"))
			.map(line -> line.substring(line.indexOf(':') + 1).strip())
			.findFirst()
			.orElse("unknown CPU");
	}

	private static long memTotalGiB() throws IOException {
		return Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter(line -> line.startsWith("MemTotal:"))
			.map(line -> Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0))
			.findFirst()
			.orElse(0L);
	}

	private static String git(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("git"));
		command.addAll(List.of(args));
		try {
			return Command.run(command, Duration.ofSeconds(30)).strip();
		}
		catch (IllegalStateException ex) {
			return "unknown";
		}
	}

	static String joinStatuses(Map<?, Long> statuses) {
		return statuses.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
	}

}
