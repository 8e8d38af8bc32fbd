package com.acme.userservice.user.api;

import java.util.concurrent.Executor;

import com.acme.grpc.error.GrpcExceptionMapper;
import com.acme.grpc.error.InvalidArgumentException;
import com.acme.user.v1.CreateUserRequest;
import com.acme.user.v1.CreateUserResponse;
import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.GetUserResponse;
import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.ListUsersResponse;
import com.acme.user.v1.UpdateUserStatusRequest;
import com.acme.user.v1.UpdateUserStatusResponse;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import com.acme.userservice.user.User;
import com.acme.userservice.user.UserService;
import com.acme.userservice.user.UserStatus;
import com.acme.userservice.user.UsersProperties;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.stereotype.Service;

/**
 * {@code acme.user.v1.UserService} over gRPC. Thin on purpose: it translates messages and
 * calls {@link UserService}. Exceptions are not caught here; {@code GrpcExceptionMapper}
 * turns them into statuses for every RPC in one place. The streaming RPCs each have a
 * class of their own.
 */
@Service
public class UserGrpcService extends UserServiceGrpc.UserServiceImplBase {

	private final UserService users;

	private final UsersProperties properties;

	private final GrpcExceptionMapper errors;

	private final Executor handlers;

	public UserGrpcService(UserService users, UsersProperties properties, GrpcExceptionMapper errors,
			GrpcServerExecutorProvider handlers) {
		this.users = users;
		this.properties = properties;
		this.errors = errors;
		this.handlers = handlers.getExecutor();
	}

	@Override
	public void createUser(CreateUserRequest request, StreamObserver<CreateUserResponse> responses) {
		var user = this.users.create(request.getEmail(), request.getDisplayName());
		responses.onNext(CreateUserResponse.newBuilder().setUser(UserMessages.toProto(user)).build());
		responses.onCompleted();
	}

	@Override
	public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> responses) {
		var user = this.users.get(request.getId());
		responses.onNext(GetUserResponse.newBuilder().setUser(UserMessages.toProto(user)).build());
		responses.onCompleted();
	}

	@Override
	public void updateUserStatus(UpdateUserStatusRequest request, StreamObserver<UpdateUserStatusResponse> responses) {
		var user = this.users.updateStatus(request.getId(), UserMessages.toDomain(request.getStatus()));
		responses.onNext(UpdateUserStatusResponse.newBuilder().setUser(UserMessages.toProto(user)).build());
		responses.onCompleted();
	}

	@Override
	public void listUsers(ListUsersRequest request, StreamObserver<ListUsersResponse> responses) {
		User startAfter = request.getStartAfterId().isEmpty() ? null
				: this.users.resumePoint(request.getStartAfterId());
		ListUsersStream.start(this.users, statusFilter(request), startAfter, this.properties.listPageSize(),
				(ServerCallStreamObserver<ListUsersResponse>) responses);
	}

	@Override
	public StreamObserver<ImportUsersRequest> importUsers(StreamObserver<ImportUsersResponse> responses) {
		return new ImportUsersStream(this.users, this.properties.importMaxItems(), responses);
	}

	@Override
	public StreamObserver<ValidateUsersRequest> validateUsers(StreamObserver<ValidateUsersResponse> responses) {
		return ValidateUsersStream.start(this.users, (ServerCallStreamObserver<ValidateUsersResponse>) responses,
				this.errors, this.handlers);
	}

	private static @Nullable UserStatus statusFilter(ListUsersRequest request) {
		if (request.getStatus() == com.acme.user.v1.UserStatus.UNRECOGNIZED) {
			throw new InvalidArgumentException("status",
					"status " + request.getStatusValue() + " is not a known UserStatus");
		}
		return UserMessages.toDomain(request.getStatus());
	}

}
