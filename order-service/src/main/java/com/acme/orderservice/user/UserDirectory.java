package com.acme.orderservice.user;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import com.acme.user.v1.GetUserRequest;
import com.acme.user.v1.UserServiceGrpc;
import com.acme.user.v1.ValidateUsersResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import org.springframework.stereotype.Component;

import com.acme.orderservice.order.OrdersProperties;

/**
 * What orders ask user-service, through the injected generated stubs. Each call takes its
 * deadline from the request's budget and the channel's per-method timeout (nothing to do
 * here: grpc-java reads both), and forwards the request's headers
 * (ForwardingClientInterceptor).
 */
@Component
public class UserDirectory {

	private final UserServiceGrpc.UserServiceBlockingStub users;

	private final UserServiceGrpc.UserServiceStub asyncUsers;

	private final int validationWindow;

	public UserDirectory(UserServiceGrpc.UserServiceBlockingStub users, UserServiceGrpc.UserServiceStub asyncUsers,
			OrdersProperties properties) {
		this.users = users;
		this.asyncUsers = asyncUsers;
		this.validationWindow = properties.validationWindow();
	}

	/**
	 * @return the user, or empty when user-service knows no user with the id
	 * @throws StatusRuntimeException when user-service cannot answer (UNAVAILABLE,
	 * DEADLINE_EXCEEDED...)
	 */
	public Optional<UserSummary> find(String id) {
		try {
			return Optional
				.of(UserSummary.of(this.users.getUser(GetUserRequest.newBuilder().setId(id).build()).getUser()));
		}
		catch (StatusRuntimeException ex) {
			if (ex.getStatus().getCode() == Status.Code.NOT_FOUND) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * Asks about many users over one {@code ValidateUsers} stream, pipelined.
	 * @return one answer per distinct id
	 * @throws UsersNotCheckedException when the stream ended (failed, or ran out of the
	 * request's budget) before every id was answered
	 */
	public Map<String, ValidateUsersResponse> validate(Collection<String> userIds) {
		return UserValidationStream.validate(this.asyncUsers, userIds, this.validationWindow);
	}

}
