package com.acme.testsupport.repository;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of this repository, as the tests find them from the stack-tests module folder.
 */
public final class Repository {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private Repository() {
	}

	public static Path file(String relativePath) {
		Path path = ROOT.resolve(relativePath);
		if (!Files.exists(path)) {
			throw new AssertionError(relativePath + " is missing from the repository (looked in " + ROOT + ")");
		}
		return path;
	}

	public static Path root() {
		return ROOT;
	}

}
