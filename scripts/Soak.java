// A soak run of the pair through the REST edge: a steady request rate for a bounded time,
// on loopback, then a report of errors, latency percentiles, and each service's heap and
// thread counts at the start (after warm-up) and at the end. Exits 1 when any request
// failed or a count grew past its bound. JDK only: run it as `scripts/soak` (see there
// for the options).
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Soak {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String edge;

	private final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

	private final AtomicLong requests = new AtomicLong();

	private final List<String> users = Collections.synchronizedList(new ArrayList<>());

	private final List<String> orders = Collections.synchronizedList(new ArrayList<>());

	private final String issuer;

	private String token;

	private long tokenRenewAt;

	Soak(String edge, String issuer) {
		this.edge = edge;
		this.issuer = issuer;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("order-service", "http://127.0.0.1:8080");
		options.put("order-service-actuator", "http://127.0.0.1:8082");
		// Where the soak gets its token (client credentials of acme-ops, ACME_OPS_CLIENT_SECRET).
		options.put("issuer", "http://127.0.0.1:9000");
		options.put("user-service-actuator", "http://127.0.0.1:8081");
		options.put("duration", "60s");
		options.put("warmup", "10s");
		options.put("rate", "50");
		options.put("max-thread-growth", "10");
		options.put("max-heap-growth-mb", "64");
		for (int i = 0; i < args.length; i++) {
			String name = args[i].replaceFirst("^--", "");
			if (!options.containsKey(name) || i + 1 >= args.length) {
				System.err.println("usage: scripts/soak [--" + String.join(" V] [--", options.keySet()) + " V]");
				System.exit(2);
			}
			options.put(name, args[++i]);
		}
		for (String url : List.of(options.get("order-service"), options.get("order-service-actuator"),
				options.get("user-service-actuator"), options.get("issuer"))) {
			String host = String.valueOf(URI.create(url).getHost()).replace("[", "").replace("]", "");
			if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
				System.err.println("soak runs against loopback only, not " + url);
				System.exit(2);
			}
		}
		Duration duration = duration(options.get("duration"));
		Duration warmup = duration(options.get("warmup"));
		int rate = Integer.parseInt(options.get("rate"));
		Map<String, String> actuators = Map.of("order-service", options.get("order-service-actuator"), "user-service",
				options.get("user-service-actuator"));

		Soak soak = new Soak(options.get("order-service"), options.get("issuer"));
		soak.seed();
		System.out.printf("soak: %d requests/s for %s after %s of warm-up, against %s%n", rate, duration, warmup,
				options.get("order-service"));
		soak.run(rate, warmup);
		soak.latenciesMicros.clear();
		soak.errors.clear();
		soak.requests.set(0);
		Map<String, long[]> start = soak.footprints(actuators);
		soak.run(rate, duration);
		Map<String, long[]> end = soak.footprints(actuators);

		List<Long> sorted = new ArrayList<>(soak.latenciesMicros);
		Collections.sort(sorted);
		System.out.printf("requests %d, errors %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", soak.requests.get(),
				soak.errors.size(), percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100));
		soak.errors.stream().limit(10).forEach((error) -> System.out.println("  error: " + error));
		boolean healthy = soak.errors.isEmpty() && !sorted.isEmpty();
		long maxThreadGrowth = Long.parseLong(options.get("max-thread-growth"));
		long maxHeapGrowth = Long.parseLong(options.get("max-heap-growth-mb"));
		for (String service : actuators.keySet()) {
			long[] before = start.get(service);
			long[] after = end.get(service);
			long heapGrowth = (after[0] - before[0]) / (1024 * 1024);
			long threadGrowth = after[1] - before[1];
			boolean within = heapGrowth <= maxHeapGrowth && threadGrowth <= maxThreadGrowth;
			healthy &= within;
			System.out.printf("%-14s retained heap %d MB -> %d MB, threads %d -> %d %s%n", service, before[0] / (1024 * 1024),
					after[0] / (1024 * 1024), before[1], after[1],
					within ? "(within bounds)" : "(GREW PAST +" + maxHeapGrowth + " MB / +" + maxThreadGrowth + " threads)");
		}
		System.out.println(healthy ? "soak passed" : "soak FAILED");
		System.exit(healthy ? 0 : 1);
	}

	/** A few users and orders to read, made before the clock starts. */
	private void seed() throws Exception {
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> user = send(post("/api/users", "{\"email\":\"soak-" + UUID.randomUUID()
					+ "@example.com\",\"displayName\":\"Soak " + i + "\"}"));
			if (user.statusCode() != 201) {
				throw new IllegalStateException("cannot create a user: " + user.statusCode() + " " + user.body());
			}
			this.users.add(id(user.body()));
		}
		for (int i = 0; i < 5; i++) {
			createOrder();
		}
	}

	private void run(int rate, Duration length) throws InterruptedException {
		ExecutorService clients = Executors.newFixedThreadPool(32);
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		AtomicLong tick = new AtomicLong();
		ticker.scheduleAtFixedRate(() -> clients.execute(() -> request(tick.getAndIncrement())), 0,
				1_000_000 / rate, TimeUnit.MICROSECONDS);
		ticker.awaitTermination(length.toMillis(), TimeUnit.MILLISECONDS);
		ticker.shutdownNow();
		clients.shutdown();
		if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
			this.errors.add("requests still running 60 s after the end");
			clients.shutdownNow();
		}
	}

	/** The mix: reads of users and orders, new orders (with idempotency keys), new users, listings. */
	private void request(long n) {
		long started = System.nanoTime();
		try {
			int slot = (int) (n % 10);
			HttpResponse<String> response;
			int expected = 200;
			if (slot < 4) {
				response = send(get("/api/users/" + pick(this.users, n)));
			}
			else if (slot < 6) {
				response = createOrder();
				expected = 201;
			}
			else if (slot < 8) {
				response = send(get("/api/orders/" + pick(this.orders, n)));
			}
			else if (slot == 8) {
				response = send(post("/api/users",
						"{\"email\":\"soak-" + UUID.randomUUID() + "@example.com\",\"displayName\":\"Soak\"}"));
				expected = 201;
			}
			else {
				response = send(get("/api/orders?userId=" + pick(this.users, n) + "&pageSize=10"));
			}
			if (response.statusCode() != expected) {
				this.errors.add(response.statusCode() + " " + response.request().uri() + " " + response.body());
			}
		}
		catch (Exception ex) {
			this.errors.add(ex.toString());
		}
		finally {
			this.requests.incrementAndGet();
			this.latenciesMicros.add((System.nanoTime() - started) / 1000);
		}
	}

	private HttpResponse<String> createOrder() throws IOException, InterruptedException {
		String body = "{\"userId\":\"" + pick(this.users, System.nanoTime())
				+ "\",\"lines\":[{\"sku\":\"SOAK\",\"quantity\":1,\"unitPriceCents\":100}]}";
		HttpResponse<String> response = send(post("/api/orders", body).header("Idempotency-Key", UUID.randomUUID().toString()));
		if (response.statusCode() == 201) {
			this.orders.add(id(response.body()));
		}
		return response;
	}

	/**
	 * Retained heap (bytes in every heap pool but eden, which only measures allocation churn) and
	 * live threads, from the service's Prometheus endpoint.
	 */
	private Map<String, long[]> footprints(Map<String, String> actuators) throws Exception {
		Map<String, long[]> footprints = new LinkedHashMap<>();
		for (Map.Entry<String, String> service : actuators.entrySet()) {
			String text = send(HttpRequest.newBuilder(URI.create(service.getValue() + "/actuator/prometheus"))).body();
			long heap = (long) (sum(text, "jvm_memory_used_bytes", "area=\"heap\"", null)
					- sum(text, "jvm_memory_used_bytes", "area=\"heap\"", "Eden"));
			footprints.put(service.getKey(), new long[] { heap, (long) sum(text, "jvm_threads_live_threads", "", null) });
		}
		return footprints;
	}

	private static double sum(String exposition, String metric, String label, String also) {
		double sum = 0;
		for (String line : exposition.split("\n")) {
			if ((line.startsWith(metric + "{") || line.startsWith(metric + " ")) && line.contains(label)
					&& (also == null || line.contains(also))) {
				sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return sum;
	}

	private HttpRequest.Builder get(String path) throws IOException, InterruptedException {
		return HttpRequest.newBuilder(URI.create(this.edge + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token());
	}

	/**
	 * An administrator's token (the soak creates users and orders for all of them), asked
	 * for again a minute before the 5 minutes it is valid run out.
	 */
	private synchronized String token() throws IOException, InterruptedException {
		if (this.token == null || System.nanoTime() - this.tokenRenewAt > 0) {
			String secret = System.getenv().getOrDefault("ACME_OPS_CLIENT_SECRET", "local-ops-secret");
			HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
				.timeout(Duration.ofSeconds(30))
				.header("Authorization",
						"Basic " + Base64.getEncoder()
							.encodeToString(("acme-ops:" + secret).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers
					.ofString("grant_type=client_credentials&scope=orders.read+orders.write+users.admin")));
			Matcher token = ACCESS_TOKEN.matcher(answer.body());
			if (answer.statusCode() != 200 || !token.find()) {
				throw new IOException("no token from " + this.issuer + ": " + answer.statusCode() + " " + answer.body());
			}
			this.token = token.group(1);
			this.tokenRenewAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
		}
		return this.token;
	}

	private HttpRequest.Builder post(String path, String json) throws IOException, InterruptedException {
		return get(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String pick(List<String> ids, long n) {
		synchronized (ids) {
			return ids.get((int) Math.floorMod(n, (long) ids.size()));
		}
	}

	private static String id(String json) {
		Matcher matcher = ID.matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("no id in " + json);
		}
		return matcher.group(1);
	}

	private static double percentile(List<Long> sorted, int percentile) {
		if (sorted.isEmpty()) {
			return 0;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1000.0;
	}

	private static Duration duration(String text) {
		Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("not a duration (like 30s, 10m): " + text);
		}
		long value = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "ms" -> Duration.ofMillis(value);
			case "s" -> Duration.ofSeconds(value);
			case "m" -> Duration.ofMinutes(value);
			default -> Duration.ofHours(value);
		};
	}

}
