package com.acme.stack.observability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.acme.testsupport.process.Command;
import com.acme.testsupport.tools.ExternalTool;

/** Runs {@code promtool} (Debian package prometheus) the way an operator would. */
final class Promtool {

	private Promtool() {
	}

	/**
	 * @param directory the working directory (relative paths in the arguments resolve
	 * from it)
	 * @param stdin text for promtool's standard input, or {@code null}
	 */
	static Outcome run(Path directory, String stdin, String... args) {
		List<String> command = new ArrayList<>();
		command.add(ExternalTool.require("promtool").toString());
		command.addAll(List.of(args));
		Command.Result result = Command.run("promtool", command, directory, Map.of(), stdin, Duration.ofSeconds(60));
		if (result.exitCode() == null) {
			throw new AssertionError(result.describe());
		}
		return new Outcome(result.exitCode(), result.output().strip());
	}

	record Outcome(int exitCode, String output) {
	}

}
