package com.acme.orderservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for order-service's REST edge, the way curl users meet it: real
 * requests on a real port, status, headers and JSON body as they come back.
 */
public final class RestEdge {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public RestEdge(int port) {
		this.base = "http://127.0.0.1:" + port;
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
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
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
