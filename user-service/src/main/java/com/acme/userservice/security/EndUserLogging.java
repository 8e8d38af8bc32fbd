package com.acme.userservice.security;

import java.util.Map;

import com.acme.grpc.metadata.MdcScope;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

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
		Map<String, String> mdc = Map.of(MDC_KEY, endUser);
		ServerCall.Listener<Q> listener;
		try (MdcScope scope = MdcScope.put(mdc)) {
			listener = next.startCall(call, headers);
		}
		return new SimpleForwardingServerCallListener<>(listener) {

			@Override
			public void onMessage(Q message) {
				try (MdcScope scope = MdcScope.put(mdc)) {
					super.onMessage(message);
				}
			}

			@Override
			public void onHalfClose() {
				try (MdcScope scope = MdcScope.put(mdc)) {
					super.onHalfClose();
				}
			}

			@Override
			public void onCancel() {
				try (MdcScope scope = MdcScope.put(mdc)) {
					super.onCancel();
				}
			}

			@Override
			public void onComplete() {
				try (MdcScope scope = MdcScope.put(mdc)) {
					super.onComplete();
				}
			}

			@Override
			public void onReady() {
				try (MdcScope scope = MdcScope.put(mdc)) {
					super.onReady();
				}
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

}
