package com.acme.orderservice.metadata;

import java.io.IOException;
import java.util.List;

import com.acme.grpc.metadata.MdcScope;
import com.acme.grpc.metadata.MetadataProperties;
import com.acme.grpc.metadata.PropagatedHeader;
import com.acme.grpc.metadata.PropagatedHeaders;
import com.acme.grpc.tracing.RequestIdTagging;
import io.grpc.Context;
import io.micrometer.common.KeyValue;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The REST edge's side of metadata: takes the configured headers
 * ({@code acme.grpc.metadata.headers}) from the HTTP request (generating
 * {@code X-Request-Id} when absent or unsafe), returns {@code X-Request-Id} on the
 * response, and makes the headers current for the request, as the platform's gRPC server
 * interceptor does for a call: in the gRPC {@link Context} (forwarded on every outbound
 * call by the platform's client interceptor) and in the logging MDC.
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

	private final List<PropagatedHeader> headers;

	public HttpPropagationFilter(MetadataProperties properties) {
		this.headers = properties.propagatedHeaders();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PropagatedHeaders headers = PropagatedHeaders.capture(this.headers,
				(header) -> request.getHeader(header.name()));
		// Before the chain: a response committed by the handler can no longer take
		// headers.
		response.setHeader(REQUEST_ID_HEADER, headers.requestId());
		// The request's span carries its id, as the platform's gRPC spans do, so the id
		// finds the trace.
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((observation) -> observation
				.addHighCardinalityKeyValue(KeyValue.of(RequestIdTagging.REQUEST_ID, headers.requestId())));
		Context previous = headers.attachTo(Context.current()).attach();
		try (MdcScope mdc = headers.putInMdc()) {
			chain.doFilter(request, response);
		}
		finally {
			Context.current().detach(previous);
		}
	}

}
