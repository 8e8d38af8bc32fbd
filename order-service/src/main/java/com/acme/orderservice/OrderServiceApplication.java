package com.acme.orderservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * order-service: owns orders, serves acme.order.v1.OrderService over gRPC, and is the
 * REST edge of the system (JSON in, gRPC to user-service out).
 *
 * <p>
 * Where to look: {@code deadline/} decides each request's time budget, {@code metadata/}
 * forwards request headers to user-service, {@code error/} maps every error to a gRPC
 * status and an HTTP answer, {@code user/} calls user-service, {@code order/} owns
 * orders.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderServiceApplication.class, args);
	}

}
