package com.acme.benchmark;

import java.util.ArrayList;
import java.util.List;

import com.acme.testsupport.credentials.ScriptCredentials;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;

/**
 * The benchmark's gRPC channels, each its own HTTP/2 connection, carrying a service token
 * made by scripts/service-token as every caller of user-service must. Callbacks run on
 * the transport thread (direct executor) to keep the load generator's own CPU low.
 */
final class Clients implements AutoCloseable {

	final String serviceToken;

	final String adminToken;

	private final int userServicePort;

	private final List<ManagedChannel> opened = new ArrayList<>();

	Clients(ScriptCredentials credentials, int userServicePort) throws Exception {
		this.serviceToken = credentials.token("benchmark", "SERVICE");
		this.adminToken = credentials.token("benchmark-admin", "ADMIN");
		this.userServicePort = userServicePort;
	}

	/** {@code count} connections to user-service with the SERVICE token. */
	List<Channel> userService(int count) {
		return connections(this.userServicePort, count, this.serviceToken);
	}

	/** One connection to user-service with the ADMIN token (ImportUsers needs it). */
	Channel userServiceAsAdmin() {
		return connections(this.userServicePort, 1, this.adminToken).get(0);
	}

	/** {@code count} connections to {@code port} sending {@code token}. */
	List<Channel> connections(int port, int count, String token) {
		List<Channel> channels = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ManagedChannel channel = Stack.plaintext(port);
			this.opened.add(channel);
			channels.add(ClientInterceptors.intercept(channel, ScriptCredentials.bearer(token)));
		}
		return channels;
	}

	/** Closes the channels opened so far (each run uses fresh connections). */
	@Override
	public void close() {
		this.opened.forEach(ManagedChannel::shutdownNow);
		this.opened.clear();
	}

}
