package com.acme.testsupport.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The last lines of a process's log: what a failure message shows so that CI's own output
 * says why a process failed, after the test's temporary folder (and the log in it) is
 * gone.
 */
public final class LogTail {

	/** About a screen of output: a Spring Boot failure and its cause fit in it. */
	public static final int LINES = 60;

	private static final int MAX_BYTES = 64 * 1024;

	private LogTail() {
	}

	/**
	 * The last {@link #LINES} lines of {@code log}, read from its end (logs can be
	 * large).
	 */
	public static String of(Path log) {
		return of(log, LINES);
	}

	public static String of(Path log, int lines) {
		if (!Files.isRegularFile(log)) {
			return "(no log at " + log + ")";
		}
		try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
			long length = file.length();
			int size = (int) Math.min(length, MAX_BYTES);
			byte[] end = new byte[size];
			file.seek(length - size);
			file.readFully(end);
			List<String> all = new String(end, StandardCharsets.UTF_8).lines().toList();
			// The first line read from the middle of the file may be cut; drop it unless
			// it is all there is.
			int from = Math.max((size < length && all.size() > 1) ? 1 : 0, all.size() - lines);
			return String.join(System.lineSeparator(), all.subList(from, all.size()));
		}
		catch (IOException ex) {
			return "(could not read " + log + ": " + ex.getMessage() + ")";
		}
	}

	/**
	 * What was written to {@code log} after its first {@code offset} bytes (at most its
	 * last 64 KB): the output of a process's latest start, when earlier starts wrote to
	 * the same log.
	 */
	public static String since(Path log, long offset) {
		try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
			long from = Math.max(offset, file.length() - MAX_BYTES);
			byte[] written = new byte[(int) Math.max(0, file.length() - from)];
			file.seek(from);
			file.readFully(written);
			return new String(written, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** The size of {@code log} now, 0 when it does not exist yet. */
	public static long size(Path log) {
		try {
			return Files.exists(log) ? Files.size(log) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** The tail under a heading naming the process and where its whole log is. */
	public static String section(String name, Path log) {
		return System.lineSeparator() + "----- last " + LINES + " lines of " + name + " (" + log + ") -----"
				+ System.lineSeparator() + of(log) + System.lineSeparator() + "----- end of " + name + " -----";
	}

}
