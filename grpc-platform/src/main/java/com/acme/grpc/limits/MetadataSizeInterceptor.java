package com.acme.grpc.limits;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses calls whose metadata is larger than
 * {@code acme.grpc.server.limits.max-metadata-size} with RESOURCE_EXHAUSTED, before any
 * handler runs.
 *
 * <p>
 * Why not only the transport limit
 * ({@code spring.grpc.server.inbound.metadata.max-size}): headers above it are answered
 * by Netty with a bare HTTP 431, which gRPC clients report as UNKNOWN ("Received HTTP
 * status code 431" in grpc-js). So the transport limit is set higher, as a memory
 * backstop, and this interceptor gives every call below it a clear gRPC status.
 */
public class MetadataSizeInterceptor implements ServerInterceptor {

	/**
	 * What HTTP/2 counts per header field on top of name and value (RFC 9113, section
	 * 6.5.2).
	 */
	private static final int ENTRY_OVERHEAD = 32;

	private final long maxSize;

	public MetadataSizeInterceptor(ServerLimitsProperties limits) {
		this.maxSize = limits.maxMetadataSize().toBytes();
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		long size = size(headers);
		if (size > this.maxSize) {
			call.close(
					Status.RESOURCE_EXHAUSTED.withDescription(
							"request metadata is " + size + " bytes, more than the " + this.maxSize + " allowed"),
					new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		return next.startCall(call, headers);
	}

	private static long size(Metadata headers) {
		long size = 0;
		for (String name : headers.keys()) {
			if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
				for (byte[] value : headers.getAll(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER))) {
					size += name.length() + value.length + ENTRY_OVERHEAD;
				}
			}
			else {
				for (String value : headers.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER))) {
					size += name.length() + value.length() + ENTRY_OVERHEAD;
				}
			}
		}
		return size;
	}

}
