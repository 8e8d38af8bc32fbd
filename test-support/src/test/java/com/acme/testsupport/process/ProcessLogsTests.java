package com.acme.testsupport.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A failing test shows the tail of each process log it could have caused, as CI's output
 * sees it: test classes run through JUnit's engine with extension auto-detection on, as
 * the build runs them.
 */
class ProcessLogsTests {

	@TempDir
	static Path logs;

	@Test
	void aFailingTestCarriesTheLastLinesOfTheLogsOfItsClass() throws Exception {
		Path log = logs.resolve("chatty.log");
		Files.write(log, IntStream.rangeClosed(1, 100).mapToObj((line) -> "line " + line).toList());
		FailsAfterStartingAProcess.log = log;

		Throwable failure = failureOf(FailsAfterStartingAProcess.class);
		FailsAfterStartingAProcess.registered.stopped();

		assertThat(failure).hasMessage("the process misbehaved");
		assertThat(failure.getSuppressed()).singleElement().satisfies((tail) -> {
			assertThat(tail.getMessage()).contains("last 60 lines of chatty (" + log + ")", "line 41", "line 100")
				.doesNotContain("line 40" + System.lineSeparator());
		});
	}

	@Test
	void aFailureInBeforeAllCarriesTheTailToo() throws Exception {
		Path log = logs.resolve("broken.log");
		Files.writeString(log, "Address already in use\n");
		FailsInBeforeAll.log = log;

		Throwable failure = failureOf(FailsInBeforeAll.class);

		assertThat(failure.getSuppressed()).anySatisfy(
				(tail) -> assertThat(tail.getMessage()).contains("broken (" + log + ")", "Address already in use"));
	}

	@Test
	void logsOfStoppedProcessesOfEarlierClassesAreLeftOut() throws Exception {
		Path log = logs.resolve("earlier.log");
		Files.writeString(log, "from an earlier class\n");
		ProcessLogs.register("earlier", log).stopped();

		Throwable failure = failureOf(FailsWithoutProcesses.class);

		assertThat(failure.getSuppressed()).noneSatisfy((tail) -> assertThat(tail.getMessage()).contains("earlier"));
	}

	private static Throwable failureOf(Class<?> testClass) {
		List<Throwable> failures = new ArrayList<>();
		EngineTestKit.engine("junit-jupiter")
			.configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
			.selectors(selectClass(testClass))
			.execute()
			.allEvents()
			.failed()
			.stream()
			.forEach((event) -> event.getPayload(TestExecutionResult.class)
				.flatMap(TestExecutionResult::getThrowable)
				.ifPresent(failures::add));
		assertThat(failures).hasSize(1);
		return failures.get(0);
	}

	static class FailsAfterStartingAProcess {

		static Path log;

		static ProcessLogs.Registered registered;

		@Test
		void fails() {
			registered = ProcessLogs.register("chatty", log);
			throw new AssertionError("the process misbehaved");
		}

	}

	static class FailsInBeforeAll {

		static Path log;

		@BeforeAll
		static void startsAProcessThatDies() {
			ProcessLogs.register("broken", log).stopped();
			throw new IllegalStateException("broken exited with 1");
		}

		@Test
		void neverRuns() {
		}

	}

	static class FailsWithoutProcesses {

		@Test
		void fails() {
			throw new AssertionError("nothing to do with processes");
		}

	}

}
