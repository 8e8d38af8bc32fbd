package com.acme.userservice.user.api;

import com.acme.user.v1.ValidateUsersRequest;
import com.acme.user.v1.ValidateUsersResponse;
import com.acme.userservice.user.Eligibility;
import com.acme.userservice.user.UserService;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bidirectional {@code ValidateUsers} stream: each request is answered as soon as it is
 * read, in order, without waiting for the client to half-close.
 *
 * <p>Flow control in both directions (grpc-java's "manual flow control" pattern): the next
 * request is read only once the previous answer could be written without buffering. A client
 * that sends fast but reads slowly is held back by HTTP/2 flow control instead of growing this
 * server's memory.
 *
 * <p>gRPC runs all callbacks of one call one at a time, so the fields need no locking.
 */
final class ValidateUsersStream implements StreamObserver<ValidateUsersRequest> {

	private static final Logger logger = LoggerFactory.getLogger(ValidateUsersStream.class);

	private final UserService users;

	private final ServerCallStreamObserver<ValidateUsersResponse> responses;

	private boolean waitingForReady = true;

	private long answered;

	private ValidateUsersStream(UserService users, ServerCallStreamObserver<ValidateUsersResponse> responses) {
		this.users = users;
		this.responses = responses;
	}

	static StreamObserver<ValidateUsersRequest> start(UserService users,
			ServerCallStreamObserver<ValidateUsersResponse> responses) {
		ValidateUsersStream stream = new ValidateUsersStream(users, responses);
		responses.disableAutoRequest();
		responses.setOnReadyHandler(stream::requestNextWhenReady);
		return stream;
	}

	@Override
	public void onNext(ValidateUsersRequest request) {
		Eligibility eligibility = this.users.eligibility(request.getUserId());
		this.responses.onNext(ValidateUsersResponse.newBuilder()
			.setUserId(request.getUserId())
			.setCanOrder(eligibility.canOrder())
			.setStatus(UserMessages.toProto(eligibility.status()))
			.setReason(eligibility.reason())
			.build());
		this.answered++;
		this.waitingForReady = true;
		requestNextWhenReady();
	}

	@Override
	public void onError(Throwable cause) {
		logger.info("ValidateUsers ended by the client after {} answers: {}", this.answered, cause.getMessage());
	}

	@Override
	public void onCompleted() {
		logger.info("ValidateUsers completed: {} answers", this.answered);
		this.responses.onCompleted();
	}

	private void requestNextWhenReady() {
		if (this.waitingForReady && this.responses.isReady()) {
			this.waitingForReady = false;
			this.responses.request(1);
		}
	}

}
