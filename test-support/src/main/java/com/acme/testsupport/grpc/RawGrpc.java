package com.acme.testsupport.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.grpc.MethodDescriptor;

/**
 * Methods whose messages are raw bytes, for tests that must send what a generated stub
 * never would (malformed protobuf, invalid UTF-8, fuzzer output) to a real method name.
 */
public final class RawGrpc {

	private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	private RawGrpc() {
	}

	/** {@code fullName} ("package.Service/Method") as a method of raw byte messages. */
	public static MethodDescriptor<byte[], byte[]> method(String fullName, MethodDescriptor.MethodType type) {
		return MethodDescriptor.<byte[], byte[]>newBuilder()
			.setFullMethodName(fullName)
			.setType(type)
			.setRequestMarshaller(BYTES)
			.setResponseMarshaller(BYTES)
			.build();
	}

}
