package com.acme.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.UserServiceGrpc;
import com.google.common.util.concurrent.ListenableFuture;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Channel;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import static com.acme.benchmark.Results.f;

/**
 * P2: GetUser read from PostgreSQL at steady state, at P1's concurrency, over random
 * users. The baseline is the same SELECT over plain JDBC (HikariCP, as many connections
 * as user-service's pool), at the same concurrency, from the benchmark's JVM: what the
 * database alone allows.
 */
final class ReadPath {

	private static final String SELECT = "SELECT id, email, display_name, status, create_time FROM users WHERE id = ?";

	private ReadPath() {
	}

	static Measured.Figures run(Stack stack, Stack.Service userService, Clients clients, List<String> userIds,
			Benchmark.Timing timing, Results results) throws Exception {
		Function<Channel, ListenableFuture<?>> getUser = channel -> UserServiceGrpc.newFutureStub(channel)
			.getUser(GetUserRequest.newBuilder().setId(random(userIds)).build());
		List<Channel> channels = clients.userService(FrameworkTax.CHANNELS);
		Measured grpc = new Measured();
		Histogram grpcLatency;
		try {
			// Three times the usual warm-up: this is the first load user-service sees,
			// and on two busy cores the JIT takes about half a minute to compile the call
			// path.
			ClosedLoopLoad.run(channels, FrameworkTax.OUTSTANDING, timing.warmup().multipliedBy(3), getUser);
			ClosedLoopLoad.Result result = grpc.add(
					() -> ClosedLoopLoad.run(channels, FrameworkTax.OUTSTANDING, timing.measure(), getUser),
					userService.pid());
			grpcLatency = result.latency();
			Benchmark.progress("P2 GetUser: %,.0f calls/s, statuses %s", result.perSecond(),
					Benchmark.joinStatuses(result.statuses()));
		}
		finally {
			clients.close();
		}

		int threads = FrameworkTax.CHANNELS * FrameworkTax.OUTSTANDING;
		JdbcRun jdbc;
		try (HikariDataSource pool = pool(stack)) {
			jdbcSelects(pool, userIds, threads, timing.warmup());
			jdbc = jdbcSelects(pool, userIds, threads, timing.measure());
		}
		double jdbcPerSecond = jdbc.perSecond();
		Histogram jdbcLatency = jdbc.latency();
		Benchmark.progress("P2 plain JDBC: %,.0f selects/s, %d failed", jdbcPerSecond, jdbc.failures());

		String load = f("%d in flight", threads);
		results.add(new Results.Row("P2", "GetUser from PostgreSQL: throughput (" + load + ")",
				f("%,.0f calls/s", grpc.perSecond()) + FrameworkTax.nonOk(grpc),
				f("%,.0f selects/s plain JDBC", jdbcPerSecond)
						+ ((jdbc.failures() == 0) ? "" : f(" (%d failed)", jdbc.failures())),
				f("%.2f×", grpc.perSecond() / jdbcPerSecond), "", null));
		results.add(new Results.Row("P2", "GetUser from PostgreSQL: p50 / p99 / p99.9 latency",
				percentiles(grpcLatency), percentiles(jdbcLatency), "", "", null));
		results.add(new Results.Row("P2", "GetUser from PostgreSQL: user-service CPU per call",
				f("%.1f µs", grpc.cpuMicrosPerCall()), "P1: the same call chain without I/O", "", "", null));
		results.detail("P2", Map.of("getUser", grpc.runs(), "jdbcSelectsPerSecond", Math.round(jdbcPerSecond)));
		return new Measured.Figures("gRPC GetUser (P2)", grpc.cpuMicrosPerCall(), grpc.perSecond(),
				grpcLatency.getValueAtPercentile(50) / 1000.0, grpcLatency.getValueAtPercentile(99) / 1000.0);
	}

	static String percentiles(Histogram latency) {
		return f("%.2f / %.2f / %.2f ms", latency.getValueAtPercentile(50) / 1000.0,
				latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0);
	}

	static String random(List<String> ids) {
		return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
	}

	private static HikariDataSource pool(Stack stack) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(stack.postgres.jdbcUrl("users"));
		config.setUsername(stack.postgres.username());
		config.setMaximumPoolSize(10);
		return new HikariDataSource(config);
	}

	record JdbcRun(Histogram latency, long selects, long failures, Duration elapsed) {

		double perSecond() {
			return this.selects / (this.elapsed.toNanos() / 1e9);
		}

	}

	/** {@code threads} threads selecting random users until {@code duration} is over. */
	private static JdbcRun jdbcSelects(HikariDataSource pool, List<String> ids, int threads, Duration duration)
			throws InterruptedException {
		Recorder recorder = new Recorder(3);
		AtomicLong selects = new AtomicLong();
		AtomicLong failures = new AtomicLong();
		long started = System.nanoTime();
		long stopAt = started + duration.toNanos();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				while (System.nanoTime() < stopAt) {
					long begun = System.nanoTime();
					try (Connection connection = pool.getConnection();
							PreparedStatement select = connection.prepareStatement(SELECT)) {
						select.setObject(1, UUID.fromString(random(ids)));
						try (ResultSet row = select.executeQuery()) {
							(row.next() ? selects : failures).incrementAndGet();
						}
					}
					catch (Exception ex) {
						failures.incrementAndGet();
					}
					recorder.recordValue(Math.max(1, (System.nanoTime() - begun) / 1000));
				}
			});
			worker.start();
			workers.add(worker);
		}
		for (Thread worker : workers) {
			worker.join();
		}
		return new JdbcRun(recorder.getIntervalHistogram(), selects.get(), failures.get(),
				Duration.ofNanos(System.nanoTime() - started));
	}

}
