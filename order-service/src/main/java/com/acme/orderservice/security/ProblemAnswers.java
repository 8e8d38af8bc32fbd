package com.acme.orderservice.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.acme.grpc.metadata.PropagatedHeaders;
import com.google.rpc.Code;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * The REST edge's answers to a refused request, in the shape of every other error
 * (problem+json with {@code code} and {@code requestId}, as {@code ProblemDetailsAdvice}
 * writes them): 401 with {@code WWW-Authenticate: Bearer ...} (RFC 6750: which error,
 * without the reason's details) when the token is missing or invalid, 403 with
 * {@code error="insufficient_scope"} when it lacks the scope. Spring Security's own
 * handlers set the header; this adds the body they leave empty.
 */
@Component
class ProblemAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemAnswers.class);

	private final AuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	private final AccessDeniedHandler insufficientScope = new BearerTokenAccessDeniedHandler();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException, ServletException {
		logger.info("Refused {} {}: not authenticated: {}", request.getMethod(), request.getRequestURI(),
				exception.getMessage());
		this.bearer.commence(request, response, exception);
		write(response, HttpStatus.UNAUTHORIZED, Code.UNAUTHENTICATED,
				"A valid bearer token is required (Authorization: Bearer ...); see WWW-Authenticate");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException, ServletException {
		logger.info("Refused {} {}: the token lacks the scope", request.getMethod(), request.getRequestURI());
		this.insufficientScope.handle(request, response, exception);
		write(response, HttpStatus.FORBIDDEN, Code.PERMISSION_DENIED, "The token's scopes do not allow this request");
	}

	private static void write(HttpServletResponse response, HttpStatus status, Code code, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("code", code.name());
		problem.put("requestId", PropagatedHeaders.currentRequestId());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		JsonMapper.shared().writeValue(response.getOutputStream(), problem);
	}

}
