package com.acme.orderservice.order.api;

import com.acme.order.v1.Order;
import com.acme.order.v1.OrderLine;
import com.acme.orderservice.order.NewOrder;
import com.google.protobuf.Timestamp;

/** Orders between protobuf and the domain. */
final class OrderMessages {

	private OrderMessages() {
	}

	static NewOrder toNewOrder(com.acme.order.v1.CreateOrderRequest request) {
		return new NewOrder(request.getUserId(),
				request.getLinesList()
					.stream()
					.map((line) -> new com.acme.orderservice.order.OrderLine(line.getSku(), line.getQuantity(),
							line.getUnitPriceCents()))
					.toList(),
				request.getIdempotencyKey());
	}

	static Order toProto(com.acme.orderservice.order.Order order) {
		Order.Builder proto = Order.newBuilder()
			.setId(order.id().toString())
			.setUserId(order.userId().toString())
			.setTotalCents(order.totalCents())
			.setCreateTime(Timestamp.newBuilder()
				.setSeconds(order.createTime().getEpochSecond())
				.setNanos(order.createTime().getNano()));
		if (order.idempotencyKey() != null) {
			proto.setIdempotencyKey(order.idempotencyKey());
		}
		order.lines()
			.forEach((line) -> proto.addLines(OrderLine.newBuilder()
				.setSku(line.sku())
				.setQuantity(line.quantity())
				.setUnitPriceCents(line.unitPriceCents())));
		return proto.build();
	}

}
