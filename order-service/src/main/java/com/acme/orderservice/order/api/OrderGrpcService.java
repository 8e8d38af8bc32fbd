package com.acme.orderservice.order.api;

import com.acme.order.v1.CreateOrderRequest;
import com.acme.order.v1.CreateOrderResponse;
import com.acme.order.v1.GetOrderRequest;
import com.acme.order.v1.GetOrderResponse;
import com.acme.order.v1.ListOrdersRequest;
import com.acme.order.v1.ListOrdersResponse;
import com.acme.order.v1.OrderServiceGrpc;
import com.acme.orderservice.order.OrderPage;
import com.acme.orderservice.order.OrderService;
import com.acme.orderservice.security.Caller;
import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Service;

/**
 * acme.order.v1.OrderService: translates messages and calls {@link OrderService}. The
 * caller's deadline bounds the call to user-service made on its behalf (it is in the gRPC
 * Context this handler runs in), and exceptions become statuses in GrpcExceptionMapper.
 */
@Service
public class OrderGrpcService extends OrderServiceGrpc.OrderServiceImplBase {

	private final OrderService orders;

	public OrderGrpcService(OrderService orders) {
		this.orders = orders;
	}

	@Override
	public void createOrder(CreateOrderRequest request, StreamObserver<CreateOrderResponse> responses) {
		OrderService.PlacedOrder placed = this.orders.place(OrderMessages.toNewOrder(request), Caller.current());
		responses.onNext(CreateOrderResponse.newBuilder().setOrder(OrderMessages.toProto(placed.order())).build());
		responses.onCompleted();
	}

	@Override
	public void getOrder(GetOrderRequest request, StreamObserver<GetOrderResponse> responses) {
		responses.onNext(GetOrderResponse.newBuilder()
			.setOrder(OrderMessages.toProto(this.orders.get(request.getId(), Caller.current())))
			.build());
		responses.onCompleted();
	}

	@Override
	public void listOrders(ListOrdersRequest request, StreamObserver<ListOrdersResponse> responses) {
		OrderPage page = this.orders.list(request.getUserId(), request.getPageSize(), request.getPageToken(),
				Caller.current());
		ListOrdersResponse.Builder response = ListOrdersResponse.newBuilder();
		page.orders().forEach((order) -> response.addOrders(OrderMessages.toProto(order)));
		if (page.nextPageToken() != null) {
			response.setNextPageToken(page.nextPageToken());
		}
		responses.onNext(response.build());
		responses.onCompleted();
	}

}
