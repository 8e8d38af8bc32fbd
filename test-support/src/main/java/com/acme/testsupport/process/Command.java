package com.acme.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A program run to its end (a client in another language, grpc-java's interop client, the
 * soak script), its output in a file rather than a pipe, so that a chatty program never
 * blocks on a full pipe while the test waits for it to finish.
 */
public final class Command {

	private Command() {
	}

	/**
	 * Runs {@code command} in {@code directory} and waits for it, at most {@code atMost}
	 * (then it is killed).
	 * @param name what to call it in messages and in its log's file name
	 */
	public static Result run(String name, List<String> command, Path directory, Map<String, String> environment,
			Duration atMost) {
		return run(name, command, directory, environment, null, atMost);
	}

	/**
	 * {@link #run(String, List, Path, Map, Duration)} with {@code stdin} as the program's
	 * standard input (from a file, so that writing it never waits for the program to
	 * read).
	 */
	public static Result run(String name, List<String> command, Path directory, Map<String, String> environment,
			@Nullable String stdin, Duration atMost) {
		Path log = null;
		Path input = null;
		try {
			log = Files.createTempFile(name + "-", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			if (stdin != null) {
				input = Files.createTempFile(name + "-", ".in");
				Files.writeString(input, stdin, StandardCharsets.UTF_8);
				builder.redirectInput(input.toFile());
			}
			builder.environment().putAll(environment);
			Process process = builder.start();
			boolean finished = process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
			if (!finished) {
				// A script's children (the soak's JVM) would outlive it otherwise.
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			return new Result(name, finished ? process.exitValue() : null, output, atMost);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			deleteQuietly(log);
			deleteQuietly(input);
		}
	}

	private static void deleteQuietly(@Nullable Path file) {
		try {
			if (file != null) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			// A leftover in the temporary folder.
		}
	}

	/**
	 * How a run ended.
	 *
	 * @param exitCode {@code null} when it did not finish in time
	 */
	public record Result(String name, Integer exitCode, String output, Duration atMost) {

		public boolean succeeded() {
			return this.exitCode != null && this.exitCode == 0;
		}

		/**
		 * What to say when the run was not what the test expected: how it ended and its
		 * last lines.
		 */
		public String describe() {
			String ending = (this.exitCode != null) ? "exited with " + this.exitCode
					: "did not finish within " + this.atMost;
			List<String> lines = this.output.lines().toList();
			List<String> tail = lines.subList(Math.max(0, lines.size() - LogTail.LINES), lines.size());
			return this.name + " " + ending + "; its last " + tail.size() + " lines:" + System.lineSeparator()
					+ String.join(System.lineSeparator(), tail);
		}

		@Override
		public String toString() {
			return describe();
		}

	}

}
