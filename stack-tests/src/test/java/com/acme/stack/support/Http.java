package com.acme.stack.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP against the processes under test; one client, short timeouts. */
public final class Http {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Http() {
	}

	public static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.build().uri() + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)));
	}

	/** The status of a GET, or -1 when nothing answers (yet). */
	public static int status(String url) {
		try {
			return get(url).statusCode();
		}
		catch (IllegalStateException ex) {
			return -1;
		}
	}

}
