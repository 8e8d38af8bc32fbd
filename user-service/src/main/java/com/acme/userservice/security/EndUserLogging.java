package com.acme.userservice.security;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * On whose behalf a caller acts, in every log line of the call, next to the request id:
 * the {@code on_behalf_of} claim of its verified service token (order-service puts the
 * end user's subject there; the README's log pattern shows it as {@code [endUser]}). A
 * claim, not a header, so nobody can set it without a caller's key. It is never a metric
 * label: there are as many values as users.
 */
final class EndUserLogging implements ServerInterceptor, Ordered {

	static final String MDC_KEY = "endUser";

	static final String CLAIM = "on_behalf_of";

	/** Inside Spring Security's interceptor (order 2), which verified the token. */
	static final int ORDER = 3;

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String endUser = endUser();
		if (endUser == null) {
			return next.startCall(call, headers);
		}
		return new SimpleForwardingServerCallListener<>(withMdc(endUser, () -> next.startCall(call, headers))) {

			@Override
			public void onMessage(Q message) {
				withMdc(endUser, () -> {
					super.onMessage(message);
					return null;
				});
			}

			@Override
			public void onHalfClose() {
				withMdc(endUser, () -> {
					super.onHalfClose();
					return null;
				});
			}

			@Override
			public void onCancel() {
				withMdc(endUser, () -> {
					super.onCancel();
					return null;
				});
			}

			@Override
			public void onComplete() {
				withMdc(endUser, () -> {
					super.onComplete();
					return null;
				});
			}

			@Override
			public void onReady() {
				withMdc(endUser, () -> {
					super.onReady();
					return null;
				});
			}

		};
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private static String endUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Jwt token) {
			String endUser = token.getClaimAsString(CLAIM);
			// Only printable text in a log line: a claim is signed, not sanitised.
			return (endUser != null && endUser.length() <= 256 && endUser.chars().allMatch((c) -> c > 0x20 && c < 0x7f))
					? endUser : null;
		}
		return null;
	}

	private static <T> T withMdc(String endUser, java.util.function.Supplier<T> work) {
		String outer = MDC.get(MDC_KEY);
		MDC.put(MDC_KEY, endUser);
		try {
			return work.get();
		}
		finally {
			if (outer != null) {
				MDC.put(MDC_KEY, outer);
			}
			else {
				MDC.remove(MDC_KEY);
			}
		}
	}

}
