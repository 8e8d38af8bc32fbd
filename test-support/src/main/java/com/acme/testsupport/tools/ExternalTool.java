package com.acme.testsupport.tools;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Programs outside the JVM that some tests drive (promtool, node). {@code .ci/run}
 * installs them and sets {@code ACME_REQUIRE_TOOLS=true}, which turns a missing program
 * into a failure. On a developer machine without them those tests are reported as
 * skipped, with the reason.
 */
public final class ExternalTool {

	private ExternalTool() {
	}

	/**
	 * @return the absolute path of {@code name} on the PATH
	 */
	public static Path require(String name) {
		Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.map((directory) -> Path.of(directory, name))
			.filter(Files::isExecutable)
			.findFirst();
		if (found.isPresent()) {
			return found.get();
		}
		throw unavailable(name + " is not installed; .ci/run installs it");
	}

	/**
	 * @return {@code path} when it exists; otherwise skips or fails like {@link #require}
	 */
	public static Path requireFile(Path path, String installedBy) {
		if (Files.exists(path)) {
			return path;
		}
		throw unavailable(path + " is missing; " + installedBy);
	}

	/**
	 * Fails under CI; elsewhere aborts the test, which JUnit reports as skipped with the
	 * reason.
	 */
	private static AssertionError unavailable(String reason) {
		if (Boolean.parseBoolean(System.getenv("ACME_REQUIRE_TOOLS"))) {
			return new AssertionError(reason + " (ACME_REQUIRE_TOOLS=true)");
		}
		return Assumptions.abort(reason);
	}

}
