package com.acme.testsupport.credentials;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.acme.testsupport.process.Command;
import com.acme.testsupport.repository.Repository;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * Keys, certificates and service tokens made by the repository's own scripts
 * ({@code scripts/gen-credentials}, {@code scripts/service-token}), as a user makes them:
 * the stack tests prove the scripts along with the services.
 */
public final class ScriptCredentials {

	private final Path directory;

	private ScriptCredentials(Path directory) {
		this.directory = directory;
	}

	/** Runs {@code scripts/gen-credentials} into {@code directory}. */
	public static ScriptCredentials generate(Path directory) {
		run(List.of(Repository.file("scripts/gen-credentials").toString(), directory.toString()));
		return new ScriptCredentials(directory);
	}

	public Path directory() {
		return this.directory;
	}

	public Path file(String name) {
		return this.directory.resolve(name);
	}

	/**
	 * {@code scripts/service-token subject roles...}, signed with this folder's
	 * operators' key.
	 */
	public String token(String subject, String... roles) {
		List<String> command = new ArrayList<>(List.of(Repository.file("scripts/service-token").toString(), subject));
		command.addAll(List.of(roles));
		command.addAll(List.of("--key", file("operator-token.key").toString()));
		return run(command).strip();
	}

	/**
	 * Sends {@code authorization: Bearer token} on every call, as any gRPC client can.
	 */
	public static ClientInterceptor bearer(String token) {
		Metadata authorization = new Metadata();
		authorization.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
		return MetadataUtils.newAttachHeadersInterceptor(authorization);
	}

	private static String run(List<String> command) {
		Command.Result result = Command.run(Path.of(command.get(0)).getFileName().toString(), command, Path.of("."),
				Map.of(), Duration.ofSeconds(60));
		if (!result.succeeded()) {
			throw new AssertionError(command + " failed: " + result.describe());
		}
		return result.output();
	}

}
