package com.acme.testsupport.ports;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Loopback ports for servers that must be told their port before they start: PostgreSQL,
 * the services' jars when another process has to know where they listen (or they restart
 * at the same address), Prometheus. Servers in this JVM bind port 0 and say what they got
 * instead.
 *
 * <p>
 * Why not "bind port 0, read the port, close, hand it out": that port comes from the
 * kernel's ephemeral range, the same range every outgoing connection takes its local port
 * from. Between the close and the server's bind, a connection to PostgreSQL or to another
 * service can take it, and the server exits with "address already in use" (a start that
 * failed at random in CI). So ports come from below the ephemeral range, which the kernel
 * never hands to a connection on its own; each is checked to be free, and never handed
 * out twice by this JVM. A program that binds one anyway in the moment between check and
 * bind is the only collision left: callers retry with new ports on a bind failure
 * ({@link #startOnFreePorts}).
 */
public final class LoopbackPorts {

	/** Linux's default ephemeral range starts at 32768; macOS and Windows use 49152. */
	private static final int DEFAULT_EPHEMERAL_LOW = 32768;

	/** Above the ports of well-known local servers (PostgreSQL 5432, 8080, 9090...). */
	private static final int LOWEST = 15000;

	private static final int LIMIT = ephemeralLow();

	private static final int ATTEMPTS = 3;

	/**
	 * Starts at a random place so that two builds on one machine rarely try the same
	 * ports.
	 */
	private static final AtomicInteger next = new AtomicInteger(
			LOWEST + ThreadLocalRandom.current().nextInt(LIMIT - LOWEST));

	private LoopbackPorts() {
	}

	/** A port on 127.0.0.1 that nothing is bound to now, outside the ephemeral range. */
	public static int next() {
		for (int tried = 0; tried < LIMIT - LOWEST; tried++) {
			int port = next.getAndUpdate((current) -> (current + 1 < LIMIT) ? current + 1 : LOWEST);
			if (isFree(port)) {
				return port;
			}
		}
		throw new IllegalStateException("no free loopback port in " + LOWEST + "-" + (LIMIT - 1));
	}

	/**
	 * Starts a server on {@code count} ports from {@link #next()}, and again on new ones
	 * when {@code start} reports with a {@link PortTakenException} that one was taken
	 * meanwhile.
	 * @param start starts the server on the ports it is given and waits until it serves;
	 * on a failure it stops what it started before throwing
	 */
	public static <T> T startOnFreePorts(int count, Function<int[], T> start) {
		for (int attempt = 1;; attempt++) {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				ports[i] = next();
			}
			try {
				return start.apply(ports);
			}
			catch (PortTakenException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Whether a process's output says it could not bind its port: Tomcat, Netty,
	 * PostgreSQL and Prometheus each word it their way.
	 */
	public static boolean isBindFailure(String output) {
		return output.contains("Address already in use") || output.contains("address already in use")
				|| output.contains("was already in use");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			// Without SO_REUSEADDR a port still held by a closed connection (TIME_WAIT)
			// counts as taken.
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int ephemeralLow() {
		Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
		try {
			if (Files.isReadable(range)) {
				int low = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
				if (low > LOWEST + 1000) {
					return low;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Fall back to the common default below.
		}
		return DEFAULT_EPHEMERAL_LOW;
	}

}
