package com.acme.orderservice.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.acme.testsupport.postgres.SharedPostgres;

import org.springframework.boot.grpc.test.autoconfigure.AutoConfigureTestGrpcTransport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.test.context.ContextConfiguration;

/**
 * order-service's logic against a {@link FakeUserService} bean served in-process: the
 * REST edge on a real port and a real PostgreSQL, but gRPC through grpc-java's in-process
 * transport, which skips the channel's configuration (no deadlines from it, no retries).
 * Network behaviour is tested with {@link OrderServiceWithFakeUsers}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = SharedPostgres.class)
@AutoConfigureTestGrpcTransport
@Import(OrderServiceWithInProcessUsers.FakeUsers.class)
public @interface OrderServiceWithInProcessUsers {

	@TestConfiguration(proxyBeanMethods = false)
	class FakeUsers {

		@Bean
		FakeUserService fakeUserService() {
			return new FakeUserService();
		}

		@Bean
		@GlobalServerInterceptor
		CallRecorder callRecorder() {
			return new CallRecorder();
		}

	}

}
