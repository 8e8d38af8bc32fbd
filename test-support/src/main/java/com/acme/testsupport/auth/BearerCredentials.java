package com.acme.testsupport.auth;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * {@code authorization: Bearer <token>} on every call of a stub
 * ({@code stub.withCallCredentials(...)}), the token asked for at each call so that a
 * long test never sends an expired one.
 */
public final class BearerCredentials extends CallCredentials {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Supplier<String> token;

	public BearerCredentials(Supplier<String> token) {
		this.token = token;
	}

	/** The operator's token from {@link SharedAuthServer}: an administrator. */
	public static BearerCredentials operator() {
		return new BearerCredentials(SharedAuthServer::operatorToken);
	}

	@Override
	public void applyRequestMetadata(RequestInfo requestInfo, Executor executor, MetadataApplier applier) {
		executor.execute(() -> {
			try {
				Metadata headers = new Metadata();
				headers.put(AUTHORIZATION, "Bearer " + this.token.get());
				applier.apply(headers);
			}
			catch (RuntimeException | Error ex) {
				applier.fail(Status.UNAUTHENTICATED.withDescription("no token: " + ex.getMessage()).withCause(ex));
			}
		});
	}

}
