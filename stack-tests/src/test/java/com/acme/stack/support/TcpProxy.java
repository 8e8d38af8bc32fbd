package com.acme.stack.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * A TCP proxy on 127.0.0.1 for network faults between two processes ({@code tc netem} is
 * not available on the build machines): it forwards, or it goes silent (bytes are read
 * and dropped, connections stay open, as behind a dead router), or it cuts every
 * connection with a reset.
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final IntSupplier targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean silent;

	private TcpProxy(ServerSocket listener, IntSupplier targetPort) {
		this.listener = listener;
		this.targetPort = targetPort;
	}

	/**
	 * A proxy to {@code 127.0.0.1:targetPort}, on a free port of its own. The target is
	 * read at each new connection, so it may be known only after the proxy started.
	 */
	public static TcpProxy to(IntSupplier targetPort) {
		try {
			ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			TcpProxy proxy = new TcpProxy(listener, targetPort);
			Thread acceptor = new Thread(proxy::accept, "tcp-proxy-accept");
			acceptor.setDaemon(true);
			acceptor.start();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	/**
	 * Drops every byte from now on, in both directions, and keeps the connections open.
	 */
	public void goSilent() {
		this.silent = true;
	}

	public void forward() {
		this.silent = false;
	}

	/**
	 * Resets every open connection (RST), as a crashed middlebox or a NAT table flush
	 * would.
	 */
	public void cutAll() {
		for (Socket socket : this.sockets) {
			this.sockets.remove(socket);
			try {
				socket.setSoLinger(true, 0);
				socket.close();
			}
			catch (IOException ex) {
				// Already gone.
			}
		}
	}

	@Override
	public void close() {
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		cutAll();
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			Socket client;
			try {
				client = this.listener.accept();
			}
			catch (IOException ex) {
				return; // closed
			}
			Socket server = new Socket();
			try {
				server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.targetPort.getAsInt()),
						2000);
				this.sockets.add(client);
				this.sockets.add(server);
				pump(client, server);
				pump(server, client);
			}
			catch (IOException ex) {
				// The target is not there: the client sees its connection end at once.
				closeQuietly(server);
				closeQuietly(client);
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (!this.silent) {
						out.write(buffer, 0, read);
						out.flush();
					}
				}
			}
			catch (IOException ex) {
				// One side closed or was cut; closing both ends below tells the other
				// side.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

}
