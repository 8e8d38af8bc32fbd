package com.acme.grpc.minimal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.acme.order.v1.GetOrderRequest;
import com.acme.order.v1.GetOrderResponse;
import com.acme.order.v1.Order;
import com.acme.order.v1.OrderServiceGrpc;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;

/**
 * The third service: what a team adding a service writes, and nothing more. It depends on
 * the platform and the contract (shared-proto) only, serves one method, and has no
 * interceptor, error mapping, health or metrics code of its own:
 * {@link AddingAServiceTests} shows it gets all of them from the platform. The README's
 * "Adding a service" lists the same steps.
 */
@SpringBootApplication
public class MinimalServiceApplication {

	/**
	 * One method of {@code acme.order.v1.OrderService}; the others answer UNIMPLEMENTED.
	 */
	@Service
	static class OrderLookup extends OrderServiceGrpc.OrderServiceImplBase {

		/** The id of an order whose lookup takes until the caller gives up. */
		static final String SLOW = "slow";

		private static final Logger logger = LoggerFactory.getLogger(OrderLookup.class);

		@Override
		public void getOrder(GetOrderRequest request, StreamObserver<GetOrderResponse> responses) {
			logger.info("Looking up order {}", request.getId());
			if (SLOW.equals(request.getId())) {
				waitUntilTheCallEnds();
				return; // nobody is listening any more
			}
			responses.onNext(GetOrderResponse.newBuilder().setOrder(Order.newBuilder().setId(request.getId())).build());
			responses.onCompleted();
		}

		/** Bounded, so that a test that forgets its deadline cannot hang the build. */
		private static void waitUntilTheCallEnds() {
			CountDownLatch ended = new CountDownLatch(1);
			Context.current().addListener((context) -> ended.countDown(), Runnable::run);
			try {
				ended.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
