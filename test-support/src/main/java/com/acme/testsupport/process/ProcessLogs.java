package com.acme.testsupport.process;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Makes a failing test show why the programs it ran failed: every process started through
 * this module registers its log here, and when a test or one of its
 * {@code @BeforeAll}/{@code @AfterAll} methods fails, the last {@link LogTail#LINES}
 * lines of each log the test class could have touched (those registered since the class
 * started, and those still running, such as the shared PostgreSQL) are attached to the
 * failure as suppressed exceptions. Surefire prints them with the failure, so CI's log
 * holds them after the test's temporary folder is deleted.
 *
 * <p>
 * Registered for every test class of every module through JUnit's extension
 * auto-detection (the parent pom turns it on; {@code META-INF/services} names this
 * class).
 */
public final class ProcessLogs
		implements BeforeAllCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ProcessLogs.class);

	private static final AtomicLong sequence = new AtomicLong();

	private static final List<Registered> logs = new CopyOnWriteArrayList<>();

	/**
	 * Keeps {@code log} for failure reports from now on.
	 * @return a handle whose {@link Registered#stopped()} marks the process as no longer
	 * running
	 */
	public static Registered register(String name, Path log) {
		Registered registered = new Registered(name, log, sequence.incrementAndGet());
		logs.add(registered);
		return registered;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put("since", sequence.get());
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		throw withLogTails(context, failure);
	}

	@Override
	public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		throw withLogTails(context, failure);
	}

	@Override
	public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		throw withLogTails(context, failure);
	}

	@Override
	public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		throw withLogTails(context, failure);
	}

	@Override
	public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		throw withLogTails(context, failure);
	}

	private static Throwable withLogTails(ExtensionContext context, Throwable failure) {
		if (failure instanceof TestAbortedException) {
			return failure; // a skipped test: nothing failed
		}
		Long since = context.getStore(NAMESPACE).get("since", Long.class);
		Set<Path> reported = new HashSet<>();
		for (Registered log : logs) {
			if ((log.running || since == null || log.sequence > since) && reported.add(log.log)) {
				failure.addSuppressed(new LogTailException(log.name, log.log));
			}
		}
		return failure;
	}

	/** One process's log, as registered. */
	public static final class Registered {

		private final String name;

		private final Path log;

		private final long sequence;

		private volatile boolean running = true;

		private Registered(String name, Path log, long sequence) {
			this.name = name;
			this.log = log;
			this.sequence = sequence;
		}

		/** Reported only for failures of the test class that started it from now on. */
		public void stopped() {
			this.running = false;
		}

	}

	/**
	 * Carries a log's tail into the failure report; its stack trace would say nothing.
	 */
	static final class LogTailException extends RuntimeException {

		LogTailException(String name, Path log) {
			super(LogTail.section(name, log), null, false, false);
		}

		@Override
		public String toString() {
			return getMessage();
		}

	}

}
