package com.acme.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code wrk}, the HTTP load generator (Debian package), driven by a Lua script that
 * spreads requests over many users and reports, from wrk's own counters, every request
 * that did not succeed: HTTP statuses of 400 and above, and connect, read, write and
 * timeout errors.
 */
final class Wrk {

	private Wrk() {
	}

	/** Latencies in milliseconds. */
	record Result(long requests, Duration elapsed, long httpErrors, long socketErrors, double p50, double p99,
			double p999) implements Measured.Counted {

		double perSecond() {
			return this.requests / (this.elapsed.toNanos() / 1e9);
		}

		@Override
		public long calls() {
			return this.requests;
		}

		@Override
		public long failures() {
			return this.httpErrors + this.socketErrors;
		}

	}

	/**
	 * GET {@code /api/users/{id}}, cycling through {@code userIds}, with {@code token} as
	 * a REST client sends it.
	 */
	static String readUsers(List<String> userIds, String token) {
		return ids(userIds) + authorization(token) + """
				request = function()
				  counter = counter + 1
				  return wrk.format("GET", "/api/users/" .. ids[(counter % #ids) + 1], headers)
				end
				""" + DONE;
	}

	/**
	 * POST {@code /api/orders} of one line, for buyers cycling through {@code userIds}.
	 */
	static String createOrders(List<String> userIds, String token) {
		return ids(userIds) + authorization(token) + """
				request = function()
				  counter = counter + 1
				  local body = '{"userId": "' .. ids[(counter % #ids) + 1] ..
				    '", "lines": [{"sku": "BENCH-1", "quantity": 1, "unitPriceCents": 999}]}'
				  return wrk.format("POST", "/api/orders", post_headers, body)
				end
				""" + DONE;
	}

	private static String authorization(String token) {
		return "headers = { [\"Authorization\"] = \"Bearer " + token + "\" }\n"
				+ "post_headers = { [\"Authorization\"] = \"Bearer " + token
				+ "\", [\"Content-Type\"] = \"application/json\" }\n";
	}

	// Each wrk thread has its own Lua state; setup() gives each a different starting
	// point, so the two threads do not request the same users in lockstep.
	private static String ids(List<String> userIds) {
		return "ids = {" + userIds.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "}\n" + """
				threads = 0
				setup = function(thread)
				  threads = threads + 1
				  thread:set("start", threads * 7919)
				end
				init = function(args)
				  counter = start
				end
				""";
	}

	private static final String DONE = """
			done = function(summary, latency, requests)
			  local e = summary.errors
			  io.write(string.format("WRK_RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
			    e.status, e.connect + e.read + e.write + e.timeout,
			    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
			end
			""";

	static Result run(String url, String script, int connections, Duration duration, Path work)
			throws IOException, InterruptedException {
		Path scriptFile = Files.createTempFile(work, "wrk", ".lua");
		Files.writeString(scriptFile, script);
		List<String> command = List.of("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s", "--timeout",
				"10s", "-s", scriptFile.toString(), url);
		String output = Command.run(command, duration.plusSeconds(60));
		String line = output.lines()
			.filter(l -> l.startsWith("WRK_RESULT "))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no result from wrk:\n" + output));
		String[] f = line.split(" ");
		return new Result(Long.parseLong(f[1]), Duration.ofNanos(Long.parseLong(f[2]) * 1000), Long.parseLong(f[3]),
				Long.parseLong(f[4]), Long.parseLong(f[5]) / 1000.0, Long.parseLong(f[6]) / 1000.0,
				Long.parseLong(f[7]) / 1000.0);
	}

}
