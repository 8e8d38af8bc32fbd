package com.acme.userservice.user.api;

import java.util.ArrayList;
import java.util.List;

import com.acme.grpc.error.InvalidArgumentException;
import com.acme.user.v1.ImportUsersRejection;
import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.userservice.user.EmailAlreadyTakenException;
import com.acme.userservice.user.ImportAbortedException;
import com.acme.userservice.user.ImportLimitExceededException;
import com.acme.userservice.user.UserService;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-streaming half of {@code ImportUsers}: creates each item as it arrives, each
 * in its own transaction, and answers once when the client half-closes.
 *
 * <p>
 * An invalid or duplicate item becomes a rejection (one per bad field) and the stream
 * goes on. Anything else (the database gone, the item limit passed) ends the call with
 * the mapped status; items created before that stay created, and the status says how far
 * the import got.
 *
 * <p>
 * Inbound flow control is gRPC's default: the next item is requested only after
 * {@link #onNext} returns, so a fast client cannot queue items faster than they are
 * stored.
 */
final class ImportUsersStream implements StreamObserver<ImportUsersRequest> {

	private static final Logger logger = LoggerFactory.getLogger(ImportUsersStream.class);

	private final UserService users;

	private final int maxItems;

	private final StreamObserver<ImportUsersResponse> response;

	private final List<ImportUsersRejection> rejections = new ArrayList<>();

	private int received;

	private int created;

	ImportUsersStream(UserService users, int maxItems, StreamObserver<ImportUsersResponse> response) {
		this.users = users;
		this.maxItems = maxItems;
		this.response = response;
	}

	@Override
	public void onNext(ImportUsersRequest item) {
		int index = this.received++;
		if (index >= this.maxItems) {
			throw new ImportAbortedException(index, this.created, new ImportLimitExceededException(this.maxItems));
		}
		try {
			this.users.create(item.getEmail(), item.getDisplayName());
			this.created++;
		}
		catch (InvalidArgumentException ex) {
			ex.getViolations().forEach((violation) -> reject(index, violation.field(), violation.description()));
		}
		catch (EmailAlreadyTakenException ex) {
			reject(index, "email", ex.getMessage());
		}
		catch (RuntimeException ex) {
			throw new ImportAbortedException(index, this.created, ex);
		}
	}

	@Override
	public void onError(Throwable cause) {
		logger.info("ImportUsers ended by the client after {} items ({} created): {}", this.received, this.created,
				cause.getMessage());
	}

	@Override
	public void onCompleted() {
		logger.info("ImportUsers completed: {} items, {} created, {} rejected", this.received, this.created,
				this.rejections.size());
		this.response.onNext(ImportUsersResponse.newBuilder()
			.setCreatedCount(this.created)
			.addAllRejections(this.rejections)
			.build());
		this.response.onCompleted();
	}

	private void reject(int index, String field, String reason) {
		this.rejections
			.add(ImportUsersRejection.newBuilder().setIndex(index).setField(field).setReason(reason).build());
	}

}
