package com.acme.stack.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import com.acme.testsupport.auth.SharedAuthServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST edge as a client sees it under faults: every answer with how long it took, a
 * refused or broken connection as status {@link #NO_CONNECTION} and no answer within the
 * client's timeout as {@link #NO_ANSWER}, rather than exceptions.
 */
final class RestClient {

	/**
	 * The connection was refused, reset or closed before an answer: what a killed server
	 * does.
	 */
	static final int NO_CONNECTION = -1;

	/**
	 * Nothing came back within the request's 60 s: a hang, which no fault here should
	 * cause.
	 */
	static final int NO_ANSWER = -2;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String baseUrl;

	RestClient(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	Answer get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	Answer post(String path, String json, String... headers) {
		return send(request(path, headers).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpRequest.Builder request(String path, String... headers) {
		// An administrator's token: the tests create users and orders for all of them.
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + SharedAuthServer.operatorToken());
		if (headers.length > 0) {
			request.headers(headers);
		}
		return request;
	}

	private Answer send(HttpRequest.Builder request) {
		long started = System.nanoTime();
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - started));
		}
		catch (HttpConnectTimeoutException ex) {
			return new Answer(NO_CONNECTION, ex.toString(), Duration.ofNanos(System.nanoTime() - started));
		}
		catch (HttpTimeoutException ex) {
			return new Answer(NO_ANSWER, ex.toString(), Duration.ofNanos(System.nanoTime() - started));
		}
		catch (IOException ex) {
			return new Answer(NO_CONNECTION, ex.toString(), Duration.ofNanos(System.nanoTime() - started));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Answer(int status, String body, Duration took) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.status + " in " + this.took.toMillis() + " ms: " + this.body;
		}

	}

}
