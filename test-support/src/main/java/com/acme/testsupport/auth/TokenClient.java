package com.acme.testsupport.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Gets access tokens from an OAuth 2.1 authorization server the way clients do, over
 * HTTP: the client credentials grant for a machine client, and the authorization code
 * grant with PKCE for a person, signing in with the server's login form (what
 * {@code scripts/token} does with curl).
 */
public final class TokenClient {

	/** The machine client of auth-server's application.yml. */
	public static final String OPS_CLIENT = "acme-ops";

	public static final String OPS_SECRET = "local-ops-secret";

	/** The public client people use (authorization code with PKCE). */
	public static final String CLI_CLIENT = "acme-cli";

	public static final String CLI_REDIRECT = "http://127.0.0.1/callback";

	/** The local users' password in auth-server's application.yml. */
	public static final String LOCAL_PASSWORD = "local-password";

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final String issuer;

	public TokenClient(String issuer) {
		this.issuer = issuer;
	}

	public String issuer() {
		return this.issuer;
	}

	/** The operator's machine client with {@code scopes} (space-separated). */
	public String clientCredentials(String scopes) {
		HttpResponse<String> answer = send(HttpClient.newHttpClient(),
				form("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", scopes))
					.header("Authorization", "Basic " + Base64.getEncoder()
						.encodeToString((OPS_CLIENT + ":" + OPS_SECRET).getBytes(StandardCharsets.UTF_8))));
		return accessToken(answer);
	}

	/**
	 * A person's token: signs {@code username} in with the local password and asks for
	 * {@code scopes}; the server grants only what that person may have.
	 */
	public String signIn(String username, String scopes) {
		return signIn(username, LOCAL_PASSWORD, scopes);
	}

	public String signIn(String username, String password, String scopes) {
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Map<String, String> authorize = new LinkedHashMap<>();
		authorize.put("response_type", "code");
		authorize.put("client_id", CLI_CLIENT);
		authorize.put("redirect_uri", CLI_REDIRECT);
		authorize.put("scope", scopes);
		authorize.put("state", "test");
		authorize.put("code_challenge", challenge(verifier));
		authorize.put("code_challenge_method", "S256");
		// The login form is offered to browsers only (Accept: text/html).
		String location = redirect(send(browser, get("/oauth2/authorize?" + query(authorize))));
		HttpResponse<String> loginPage = send(browser, get(location));
		Matcher csrf = CSRF.matcher(loginPage.body());
		if (!csrf.find()) {
			throw new AssertionError("no login form at " + location + ": " + loginPage.body());
		}
		HttpResponse<String> login = send(browser,
				form("/login", Map.of("username", username, "password", password, "_csrf", csrf.group(1))));
		String next = redirect(login);
		if (next.contains("error")) {
			throw new AssertionError("sign-in of " + username + " refused: " + next);
		}
		String callback = redirect(send(browser, get(next)));
		Matcher code = CODE.matcher(callback);
		if (!callback.startsWith(CLI_REDIRECT) || !code.find()) {
			throw new AssertionError("no authorization code in " + callback);
		}
		return accessToken(send(browser,
				form("/oauth2/token",
						Map.of("grant_type", "authorization_code", "code",
								URLDecoder.decode(code.group(1), StandardCharsets.UTF_8), "redirect_uri", CLI_REDIRECT,
								"client_id", CLI_CLIENT, "code_verifier", verifier))));
	}

	private HttpRequest.Builder get(String pathOrUrl) {
		URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(this.issuer + pathOrUrl);
		return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "text/html").GET();
	}

	private HttpRequest.Builder form(String path, Map<String, String> fields) {
		return HttpRequest.newBuilder(URI.create(this.issuer + path))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(query(fields)));
	}

	private static String query(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private String redirect(HttpResponse<String> answer) {
		if (answer.statusCode() != 302) {
			throw new AssertionError(
					"expected a redirect from " + answer.uri() + ", got " + answer.statusCode() + ": " + answer.body());
		}
		String location = answer.headers().firstValue("Location").orElseThrow();
		return location.startsWith("/") ? this.issuer + location : location;
	}

	private static String accessToken(HttpResponse<String> answer) {
		Matcher token = ACCESS_TOKEN.matcher(answer.body());
		if (answer.statusCode() != 200 || !token.find()) {
			throw new AssertionError(
					"no token from " + answer.uri() + ": " + answer.statusCode() + " " + answer.body());
		}
		return token.group(1);
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
