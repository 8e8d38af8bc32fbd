package com.acme.orderservice.error;

import com.google.rpc.Code;

import org.springframework.http.HttpStatus;

/**
 * gRPC status codes as HTTP statuses, the way grpc-gateway answers, with two deliberate
 * differences: a failed precondition of ours (an unknown or suspended buyer) is 422, and
 * an unexpected status from user-service is 502, since the fault is upstream, not in the
 * request.
 */
final class HttpStatuses {

	private HttpStatuses() {
	}

	/**
	 * @param fromUpstream whether user-service (or the channel to it) produced the status
	 */
	static HttpStatus of(Code code, boolean fromUpstream) {
		return switch (code) {
			case INVALID_ARGUMENT, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT;
			case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
			// From user-service these refuse order-service's own service token, not the
			// client's: the client's credentials were fine, so it is a bad gateway.
			case UNAUTHENTICATED -> fromUpstream ? HttpStatus.BAD_GATEWAY : HttpStatus.UNAUTHORIZED;
			case PERMISSION_DENIED -> fromUpstream ? HttpStatus.BAD_GATEWAY : HttpStatus.FORBIDDEN;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
			case FAILED_PRECONDITION -> fromUpstream ? HttpStatus.BAD_GATEWAY : HttpStatus.UNPROCESSABLE_CONTENT;
			default -> fromUpstream ? HttpStatus.BAD_GATEWAY : HttpStatus.INTERNAL_SERVER_ERROR;
		};
	}

}
