package com.acme.stack.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.acme.userservice.support.ExternalTool;

/** Runs {@code promtool} (Debian package prometheus) the way an operator would. */
final class Promtool {

	private Promtool() {
	}

	/**
	 * @param directory the working directory (relative paths in the arguments resolve from it)
	 * @param stdin text for promtool's standard input, or {@code null}
	 */
	static Outcome run(Path directory, String stdin, String... args) {
		List<String> command = new ArrayList<>();
		command.add(ExternalTool.require("promtool").toString());
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
			try (var input = process.getOutputStream()) {
				if (stdin != null) {
					input.write(stdin.getBytes(StandardCharsets.UTF_8));
				}
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("promtool " + String.join(" ", args) + " did not finish within 60 s");
			}
			return new Outcome(process.exitValue(), output.strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Outcome(int exitCode, String output) {
	}

}
