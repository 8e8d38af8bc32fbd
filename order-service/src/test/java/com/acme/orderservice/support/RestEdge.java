package com.acme.orderservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

import com.acme.testsupport.auth.SharedAuthServer;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for order-service's REST edge, the way curl users meet it: real
 * requests on a real port, status, headers and JSON body as they come back. It sends an
 * access token unless told otherwise or given an {@code Authorization} header.
 */
public final class RestEdge {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final @Nullable Supplier<String> token;

	/** As an administrator: the operator's token from {@link SharedAuthServer}. */
	public RestEdge(int port) {
		this(port, SharedAuthServer::operatorToken);
	}

	/**
	 * @param token sent as {@code Authorization: Bearer}, asked for at each request;
	 * {@code null} for none
	 */
	public RestEdge(int port, @Nullable Supplier<String> token) {
		this.base = "http://127.0.0.1:" + port;
		this.token = token;
	}

	/** Sends no token. */
	public static RestEdge anonymous(int port) {
		return new RestEdge(port, null);
	}

	/** Sends {@code token}. */
	public static RestEdge as(int port, String token) {
		return new RestEdge(port, () -> token);
	}

	/**
	 * @param headers name, value, name, value...
	 */
	public Response get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	public Response post(String path, String json, String... headers) {
		return send(request(path, headers).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Response patch(String path, String json, String... headers) {
		return send(request(path, headers).header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		boolean authorization = false;
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
			authorization |= headers[i].equalsIgnoreCase("Authorization");
		}
		if (!authorization && this.token != null) {
			request.header("Authorization", "Bearer " + this.token.get());
		}
		return request;
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			long start = System.nanoTime();
			HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response, Duration.ofNanos(System.nanoTime() - start));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param elapsed from sending the request to the end of the response body
	 */
	public record Response(HttpResponse<String> http, Duration elapsed) {

		public int status() {
			return this.http.statusCode();
		}

		public String header(String name) {
			return this.http.headers().firstValue(name).orElse(null);
		}

		public String body() {
			return this.http.body();
		}

		public JsonNode json() {
			return JsonMapper.shared().readTree(this.http.body());
		}

		@Override
		public String toString() {
			return this.http.statusCode() + " " + this.http.headers().map() + " " + this.http.body();
		}

	}

}
