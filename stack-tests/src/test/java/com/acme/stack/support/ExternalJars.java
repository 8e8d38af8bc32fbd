package com.acme.stack.support;

import java.nio.file.Path;

import com.acme.userservice.support.ExternalTool;

/** The services' executable jars, which the reactor packages before this module runs. */
final class ExternalJars {

	private ExternalJars() {
	}

	static Path require(String module) {
		return ExternalTool.requireFile(Repository.root().resolve(module).resolve("target").resolve(module + ".jar"),
				"./mvnw verify packages it before stack-tests").toAbsolutePath();
	}

}
