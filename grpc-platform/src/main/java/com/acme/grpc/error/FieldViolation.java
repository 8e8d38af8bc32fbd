package com.acme.grpc.error;

/**
 * One invalid field of a request.
 *
 * @param field the field's path in proto names ({@code lines[0].unit_price_cents}), or a
 * header name
 * @param description what is wrong and what is allowed
 */
public record FieldViolation(String field, String description) {
}
