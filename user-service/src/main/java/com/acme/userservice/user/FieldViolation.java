package com.acme.userservice.user;

/**
 * One invalid field of a request, in the shape of
 * {@code google.rpc.BadRequest.FieldViolation}.
 *
 * @param field the request field at fault, for example {@code email}
 * @param description what is wrong, written for the caller
 */
public record FieldViolation(String field, String description) {
}
