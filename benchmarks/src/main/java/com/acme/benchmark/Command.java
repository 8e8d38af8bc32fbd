package com.acme.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program run to completion (wrk, git, the JDK's jar tools), its output kept for
 * errors.
 */
final class Command {

	private Command() {
	}

	/**
	 * Runs {@code command} and waits, with a bound, for it to exit.
	 * @return its output (stdout and stderr)
	 * @throws IllegalStateException when it fails or is still running after
	 * {@code atMost}
	 */
	static String run(List<String> command, Duration atMost) throws IOException, InterruptedException {
		// Output goes to a file, not a pipe: reading a pipe to its end would wait past
		// the bound.
		Path output = Files.createTempFile("command", ".out");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			boolean exited = process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				process.destroyForcibly();
			}
			String text = Files.readString(output, StandardCharsets.UTF_8);
			if (!exited || process.exitValue() != 0) {
				throw new IllegalStateException(
						command + (exited ? " failed:\n" : " did not finish in " + atMost + ":\n") + text);
			}
			return text;
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

}
