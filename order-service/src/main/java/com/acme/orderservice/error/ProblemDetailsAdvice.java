package com.acme.orderservice.error;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.acme.grpc.error.ErrorStatus;
import com.acme.grpc.error.ErrorStatuses;
import com.acme.grpc.metadata.PropagatedHeaders;
import com.acme.orderservice.user.UsersNotCheckedException;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.grpc.protobuf.StatusProto;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DatabindException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the REST edge as {@code application/problem+json} (RFC 9457), naming the
 * request id. The status comes from the platform's {@link ErrorStatuses} (the same one a
 * gRPC caller would get), its HTTP code from {@link HttpStatuses}; Spring MVC's own
 * errors (malformed JSON, unknown path, wrong method) keep the codes Spring gives them.
 * No stack trace, SQL or internal address is ever in an answer: details a client can act
 * on are (reason, invalid fields, when to retry).
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final String DEFAULT_RETRY_AFTER_SECONDS = "1";

	private final ErrorStatuses statuses;

	public ProblemDetailsAdvice(ErrorStatuses statuses) {
		this.statuses = statuses;
	}

	@ExceptionHandler
	ResponseEntity<Object> handle(Exception exception) {
		// The status raised by user-service (or by grpc-java for that call), if it was
		// one.
		Status upstream = StatusProto.fromThrowable(exception);
		Status status = (upstream != null) ? upstream : this.statuses.of(exception).toProto();
		Code code = Objects.requireNonNullElse(Code.forNumber(status.getCode()), Code.UNKNOWN);
		// user-service's fault, whether its own status or our account of a stream it did
		// not finish.
		boolean upstreamFault = upstream != null || exception instanceof UsersNotCheckedException;
		HttpStatus httpStatus = HttpStatuses.of(code, upstreamFault);
		// Our own messages are written for clients; user-service's and grpc-java's are
		// summarised.
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(httpStatus,
				(upstream != null) ? upstreamDetail(code, status) : status.getMessage());
		problem.setProperty("code", code.name());
		ErrorInfo info = ErrorStatus.detail(status, ErrorInfo.class);
		if (info != null) {
			problem.setProperty("reason", info.getReason());
		}
		BadRequest badRequest = ErrorStatus.detail(status, BadRequest.class);
		if (badRequest != null) {
			problem.setProperty("errors",
					badRequest.getFieldViolationsList()
						.stream()
						.map((violation) -> Map.of("field", JsonNames.of(violation.getField()), "description",
								violation.getDescription()))
						.toList());
		}
		HttpHeaders headers = new HttpHeaders();
		if (httpStatus == HttpStatus.SERVICE_UNAVAILABLE) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(status));
		}
		return withRequestId(ResponseEntity.status(httpStatus).headers(headers), problem);
	}

	/**
	 * Malformed JSON or a value of the wrong type: 400, naming the field when Jackson
	 * knows it.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is not valid JSON for this endpoint");
		problem.setProperty("code", Code.INVALID_ARGUMENT.name());
		if (exception.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = databind.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? "." + reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.reduce("", String::concat)
				.replaceFirst("^\\.", "");
			problem.setProperty("errors",
					List.of(Map.of("field", field, "description", "missing, malformed or of the wrong type")));
		}
		return withRequestId(ResponseEntity.badRequest(), problem);
	}

	/**
	 * Spring MVC's own errors (404 for an unknown path, 405, 415, ...) also name the
	 * request id.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			problem.setProperty("requestId", PropagatedHeaders.currentRequestId());
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static String upstreamDetail(Code code, Status status) {
		if (code == Code.DEADLINE_EXCEEDED) {
			return "The request's time budget (X-Request-Timeout, or the default) ran out before it completed";
		}
		if (code == Code.UNAVAILABLE) {
			return "user-service is unavailable; retry later";
		}
		if (HttpStatuses.of(code, true) == HttpStatus.BAD_GATEWAY) {
			// user-service's own messages are client-safe; grpc-java's (for CANCELLED,
			// INTERNAL...) may not be.
			return "user-service answered " + code;
		}
		return status.getMessage();
	}

	private static String retryAfterSeconds(Status status) {
		RetryInfo retry = ErrorStatus.detail(status, RetryInfo.class);
		if (retry == null || !retry.hasRetryDelay()) {
			return DEFAULT_RETRY_AFTER_SECONDS;
		}
		long seconds = retry.getRetryDelay().getSeconds() + ((retry.getRetryDelay().getNanos() > 0) ? 1 : 0);
		return Long.toString(Math.max(1, seconds));
	}

	private static ResponseEntity<Object> withRequestId(ResponseEntity.BodyBuilder response, ProblemDetail problem) {
		problem.setType(URI.create("about:blank"));
		problem.setProperty("requestId", PropagatedHeaders.currentRequestId());
		return response.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
