package com.acme.userservice.user.api;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.acme.grpc.error.ErrorStatuses;
import com.acme.grpc.error.GrpcExceptionMapper;
import com.acme.grpc.error.RequestParsing;
import com.acme.testsupport.grpc.RawGrpc;
import com.acme.testsupport.grpc.StreamRecorder;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.userservice.user.UserRepository;
import com.acme.userservice.user.UserService;
import com.acme.userservice.user.UsersProperties;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.core.io.ClassPathResource;
import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes user-service's RPC handlers with arbitrary request bytes: the real service,
 * request parsing and exception mapping (as the application wires them) over an
 * in-process channel, on an in-memory HSQLDB with the real schema. Whatever the bytes,
 * every call must end with a status that names the caller's mistake or the data's state,
 * never UNKNOWN or INTERNAL.
 *
 * <p>
 * The first byte picks the RPC, the rest is the request message. In a normal test run
 * only the saved corpus replays
 * ({@code src/test/resources/.../UserServiceFuzzTestsInputs}); to fuzz, see the README's
 * Reliability section.
 */
class UserServiceFuzzTests {

	private static final Set<Status.Code> EXPECTED = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
			Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS, Status.Code.FAILED_PRECONDITION,
			Status.Code.RESOURCE_EXHAUSTED);

	private static ExecutorService executor;

	private static Server server;

	private static ManagedChannel channel;

	@BeforeAll
	static void startInProcess() throws Exception {
		DriverManagerDataSource database = new DriverManagerDataSource(
				"jdbc:hsqldb:mem:fuzz-" + UUID.randomUUID() + ";hsqldb.tx=mvcc", "sa", "");
		try (var connection = database.getConnection()) {
			ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/migration/V1__create_users.sql"));
		}
		executor = Executors.newFixedThreadPool(2);
		UserGrpcService service = new UserGrpcService(new UserService(new UserRepository(JdbcClient.create(database))),
				new UsersProperties(100, 50),
				new GrpcExceptionMapper(new ErrorStatuses("users.acme.example", List.of(new UserExceptionStatuses()))),
				() -> executor);
		String name = "fuzz-" + UUID.randomUUID();
		server = InProcessServerBuilder.forName(name)
			.executor(executor)
			.addService(ServerInterceptors.intercept(RequestParsing.inCallChain(service.bindService()),
					new GrpcExceptionHandlerInterceptor(new GrpcExceptionMapper(
							new ErrorStatuses("users.acme.example", List.of(new UserExceptionStatuses()))))))
			.build()
			.start();
		channel = InProcessChannelBuilder.forName(name).build();
	}

	@AfterAll
	static void stop() throws InterruptedException {
		channel.shutdownNow();
		server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		executor.shutdownNow();
	}

	@FuzzTest(maxDuration = "5m")
	void everyRequestGetsAnHonestStatus(byte[] input) throws Exception {
		if (input.length == 0) {
			return;
		}
		byte[] message = Arrays.copyOfRange(input, 1, input.length);
		Status status = switch (Math.floorMod(input[0], 6)) {
			case 0 -> unary(UserServiceGrpc.getCreateUserMethod().getFullMethodName(), message);
			case 1 -> unary(UserServiceGrpc.getGetUserMethod().getFullMethodName(), message);
			case 2 -> unary(UserServiceGrpc.getUpdateUserStatusMethod().getFullMethodName(), message);
			case 3 -> listUsers(message);
			case 4 -> clientStream(UserServiceGrpc.getImportUsersMethod().getFullMethodName(),
					MethodDescriptor.MethodType.CLIENT_STREAMING, message);
			default -> clientStream(UserServiceGrpc.getValidateUsersMethod().getFullMethodName(),
					MethodDescriptor.MethodType.BIDI_STREAMING, message);
		};
		assertThat(EXPECTED).as(status.toString()).contains(status.getCode());
	}

	private static Status unary(String method, byte[] message) {
		try {
			ClientCalls.blockingUnaryCall(channel, descriptor(method, MethodDescriptor.MethodType.UNARY), options(),
					message);
			return Status.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus();
		}
	}

	private static Status listUsers(byte[] message) {
		try {
			Iterator<byte[]> users = ClientCalls.blockingServerStreamingCall(channel,
					descriptor(UserServiceGrpc.getListUsersMethod().getFullMethodName(),
							MethodDescriptor.MethodType.SERVER_STREAMING),
					options(), message);
			users.forEachRemaining((user) -> {
			});
			return Status.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus();
		}
	}

	private static Status clientStream(String method, MethodDescriptor.MethodType type, byte[] message)
			throws Exception {
		StreamRecorder<byte[]> responses = new StreamRecorder<>();
		StreamObserver<byte[]> requests = ClientCalls
			.asyncBidiStreamingCall(channel.newCall(descriptor(method, type), options()), responses);
		requests.onNext(message);
		requests.onCompleted();
		return responses.awaitClose();
	}

	private static CallOptions options() {
		return CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	private static MethodDescriptor<byte[], byte[]> descriptor(String method, MethodDescriptor.MethodType type) {
		return RawGrpc.method(method, type);
	}

}
