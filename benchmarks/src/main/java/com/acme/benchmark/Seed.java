package com.acme.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.acme.user.v1.ImportUsersRequest;
import com.acme.user.v1.ImportUsersResponse;
import com.acme.user.v1.ListUsersRequest;
import com.acme.user.v1.UserServiceGrpc;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;

/**
 * The users every figure reads: imported over one ImportUsers stream, listed over
 * ListUsers.
 */
final class Seed {

	private Seed() {
	}

	static List<String> users(Clients clients, int count) throws Exception {
		Channel channel = clients.userServiceAsAdmin();
		CompletableFuture<ImportUsersResponse> imported = new CompletableFuture<>();
		StreamObserver<ImportUsersRequest> requests = UserServiceGrpc.newStub(channel)
			.withDeadlineAfter(120, TimeUnit.SECONDS)
			.importUsers(new StreamObserver<>() {

				@Override
				public void onNext(ImportUsersResponse response) {
					imported.complete(response);
				}

				@Override
				public void onError(Throwable failure) {
					imported.completeExceptionally(failure);
				}

				@Override
				public void onCompleted() {
				}

			});
		String run = Long.toString(System.nanoTime(), 36);
		for (int i = 0; i < count; i++) {
			requests.onNext(ImportUsersRequest.newBuilder()
				.setEmail("bench-" + run + "-" + i + "@example.com")
				.setDisplayName("Benchmark user " + i)
				.build());
		}
		requests.onCompleted();
		int created = imported.get(120, TimeUnit.SECONDS).getCreatedCount();
		if (created != count) {
			throw new IllegalStateException("ImportUsers created " + created + " of " + count);
		}
		List<String> ids = new ArrayList<>();
		UserServiceGrpc.newBlockingStub(channel)
			.withDeadlineAfter(120, TimeUnit.SECONDS)
			.listUsers(ListUsersRequest.getDefaultInstance())
			.forEachRemaining(response -> ids.add(response.getUser().getId()));
		return ids;
	}

}
