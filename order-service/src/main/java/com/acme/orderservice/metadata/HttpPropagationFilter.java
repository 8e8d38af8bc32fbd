package com.acme.orderservice.metadata;

import java.io.IOException;

import io.grpc.Context;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP side of propagation: takes the configured headers from the request (generating
 * {@code X-Request-Id} when absent or unsafe), returns {@code X-Request-Id} on the
 * response, and makes the headers current for the request: in the gRPC {@link Context}
 * (read by {@link ForwardingClientInterceptor} on every outbound call) and in the logging
 * MDC.
 *
 * <p>
 * Runs right after Spring's HTTP observation filter, so the request's trace is already
 * open, and before the deadline filter, so even a rejected {@code X-Request-Timeout}
 * names the request id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class HttpPropagationFilter extends OncePerRequestFilter {

	/**
	 * The HTTP spelling of {@link PropagatedHeaders#REQUEST_ID}; header names are
	 * case-insensitive.
	 */
	public static final String REQUEST_ID_HEADER = "X-Request-Id";

	private final PropagationProperties properties;

	public HttpPropagationFilter(PropagationProperties properties) {
		this.properties = properties;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PropagatedHeaders headers = PropagatedHeaders.capture(this.properties.headers(), request::getHeader);
		// Before the chain: a response committed by the handler can no longer take
		// headers.
		response.setHeader(REQUEST_ID_HEADER, headers.requestId());
		Context previous = headers.attachTo(Context.current()).attach();
		try (PropagatedHeaders.MdcScope mdc = headers.putInMdc()) {
			chain.doFilter(request, response);
		}
		finally {
			Context.current().detach(previous);
		}
	}

}
