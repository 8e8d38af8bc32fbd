package com.acme.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time and resident memory of a process, from the kernel (/proc), so that every
 * figure counts what the process really spent, threads and GC included, not what it
 * reports of itself.
 */
final class ProcessStats {

	private ProcessStats() {
	}

	/** User plus system CPU time the process has used so far. */
	static Duration cpu(long pid) {
		return ProcessHandle.of(pid)
			.flatMap(process -> process.info().totalCpuDuration())
			.orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid));
	}

	/** Resident set size in MiB (VmRSS). */
	static double rssMiB(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
				}
			}
			throw new IllegalStateException("no VmRSS for process " + pid);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read /proc/" + pid + "/status", ex);
		}
	}

}
