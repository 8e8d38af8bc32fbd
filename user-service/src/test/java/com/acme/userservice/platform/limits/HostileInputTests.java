package com.acme.userservice.platform.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.acme.testsupport.grpc.RawGrpc;
import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.UpdateUserStatusRequest;
import com.acme.user.v1.User;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.userservice.support.GrpcClients;
import com.acme.userservice.support.UserServiceIntegrationTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.acme.userservice.support.StatusAssertions.callFails;
import static com.acme.userservice.support.TestUsers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a careless or hostile client can send over the wire, on a real Netty port: every
 * case ends with a status that says what was wrong (never UNKNOWN), and the next normal
 * call on the same connection succeeds.
 */
@UserServiceIntegrationTest
class HostileInputTests {

	@Autowired
	GrpcClients clients;

	@AfterEach
	void aNormalCallStillSucceeds() {
		User user = this.clients.users()
			.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setDisplayName("After").build())
			.getUser();
		assertThat(this.clients.users().getUser(GetUserRequest.newBuilder().setId(user.getId()).build()).getUser())
			.isEqualTo(user);
	}

	@Test
	void oversizedMessageIsResourceExhausted() {
		String fiveMegabytes = "x".repeat(5 * 1024 * 1024);

		StatusRuntimeException failure = callFails(() -> this.clients.users()
			.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setDisplayName(fiveMegabytes).build()));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
	}

	@Test
	void metadataOverTheLimitIsResourceExhausted() {
		StatusRuntimeException failure = callFails(() -> this.clients.users()
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(padding(12 * 1024)))
			.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(failure.getStatus().getDescription()).endsWith("more than the 8192 allowed");
	}

	@Test
	void metadataOverWhatTheServerAdvertisesIsNeverSent() {
		// The server's HTTP/2 SETTINGS say 64 KiB; grpc-java refuses to send more,
		// locally.
		StatusRuntimeException failure = callFails(() -> this.clients.users()
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(padding(80 * 1024)))
			.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(failure.getCause()).hasMessageContaining("Header size exceeded max allowed size (65536)");
	}

	@Test
	void malformedProtobufBytes() {
		byte[] garbage = { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f };

		StatusRuntimeException failure = callFails(() -> rawCall("GetUser", garbage, false));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription()).isEqualTo(
				"request is not a valid acme.user.v1.GetUserRequest: Protocol message tag had invalid wire type.");
	}

	@Test
	void invalidUtf8InAStringField() {
		byte[] request = field(1, new byte[] { 'a', (byte) 0xc3, (byte) 0x28, (byte) 0xff });

		StatusRuntimeException failure = callFails(() -> rawCall("GetUser", request, false));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription())
			.isEqualTo("request is not a valid acme.user.v1.GetUserRequest: Protocol message had invalid UTF-8.");
	}

	@Test
	void compressedMessageThatInflatesPastTheLimitIsResourceExhausted() {
		byte[] zeros = field(1, new byte[16 * 1024 * 1024]);

		StatusRuntimeException failure = callFails(() -> rawCall("GetUser", zeros, true));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(failure.getStatus().getDescription())
			.isEqualTo("Decompressed gRPC message exceeds maximum size 4194304");
	}

	@Test
	void unknownEnumNumberIsInvalidArgument() {
		StatusRuntimeException failure = callFails(() -> this.clients.users()
			.updateUserStatus(UpdateUserStatusRequest.newBuilder()
				.setId(UUID.randomUUID().toString())
				.setStatusValue(99)
				.build()));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription())
			.isEqualTo("status: status must be USER_STATUS_ACTIVE or USER_STATUS_SUSPENDED");
	}

	@Test
	void unknownServiceAndMethodAreUnimplemented() {
		StatusRuntimeException unknownMethod = callFails(() -> rawCall("DeleteEverything", new byte[0], false));
		StatusRuntimeException unknownService = callFails(() -> ClientCalls.blockingUnaryCall(this.clients.channel(),
				bytesMethod("acme.admin.v1.AdminService/Drop"),
				CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[0]));

		assertThat(unknownMethod.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
		assertThat(unknownService.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	@Test
	void emptyRequestsAreAnsweredByTheirMeaning() {
		// An empty GetUser names no user; an empty ListUsers lists everyone; an empty
		// message on the wire (zero bytes) is the same default request.
		User created = this.clients.users()
			.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setDisplayName("Listed").build())
			.getUser();
		StatusRuntimeException failure = callFails(
				() -> this.clients.users().getUser(GetUserRequest.getDefaultInstance()));
		StatusRuntimeException zeroBytes = callFails(() -> rawCall("GetUser", new byte[0], false));
		List<String> everyone = new ArrayList<>();
		this.clients.users()
			.listUsers(ListUsersRequest.getDefaultInstance())
			.forEachRemaining((listed) -> everyone.add(listed.getUser().getId()));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription()).isEqualTo("id: id is required");
		assertThat(zeroBytes.getStatus()).hasToString(failure.getStatus().toString());
		assertThat(everyone).contains(created.getId());
	}

	private static Metadata padding(int bytes) {
		return GrpcClients.metadata(Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER), "p".repeat(bytes));
	}

	private byte[] rawCall(String method, byte[] request, boolean gzip) {
		CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
		if (gzip) {
			options = options.withCompression("gzip");
		}
		return ClientCalls.blockingUnaryCall(this.clients.channel(),
				bytesMethod(UserServiceGrpc.SERVICE_NAME + "/" + method), options, request);
	}

	private static MethodDescriptor<byte[], byte[]> bytesMethod(String fullName) {
		return RawGrpc.method(fullName, MethodDescriptor.MethodType.UNARY);
	}

	/**
	 * A length-delimited protobuf field, written by hand so that nothing checks the
	 * bytes.
	 */
	private static byte[] field(int number, byte[] value) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			CodedOutputStream coded = CodedOutputStream.newInstance(out);
			coded.writeBytes(number, ByteString.copyFrom(value));
			coded.flush();
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
