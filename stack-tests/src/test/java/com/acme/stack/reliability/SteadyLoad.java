package com.acme.stack.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.acme.stack.reliability.RestClient.Answer;

import static org.awaitility.Awaitility.await;

/**
 * Clients that repeat one request back to back until stopped, keeping every answer: the
 * traffic a fault happens under.
 */
final class SteadyLoad implements AutoCloseable {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Answer> answers = new CopyOnWriteArrayList<>();

	private final ExecutorService clients;

	private final List<Future<?>> loops = new ArrayList<>();

	private SteadyLoad(int clients, Supplier<Answer> request) {
		this.clients = Executors.newFixedThreadPool(clients);
		for (int i = 0; i < clients; i++) {
			this.loops.add(this.clients.submit(() -> {
				while (this.running.get()) {
					this.answers.add(request.get());
				}
			}));
		}
	}

	static SteadyLoad start(int clients, Supplier<Answer> request) {
		return new SteadyLoad(clients, request);
	}

	/** Waits, with a bound, until {@code count} more answers have arrived. */
	void awaitMoreAnswers(int count) {
		int before = this.answers.size();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.answers.size() >= before + count);
	}

	/** Stops the clients after their current request and returns every answer. */
	List<Answer> stop() throws Exception {
		this.running.set(false);
		for (Future<?> loop : this.loops) {
			loop.get(60, TimeUnit.SECONDS);
		}
		return List.copyOf(this.answers);
	}

	@Override
	public void close() {
		this.running.set(false);
		this.clients.shutdownNow();
	}

}
