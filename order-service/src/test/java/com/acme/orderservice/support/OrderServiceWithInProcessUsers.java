package com.acme.orderservice.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.testsupport.postgres.SharedPostgres;
import com.acme.user.v1.UserServiceGrpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.grpc.test.autoconfigure.AutoConfigureTestGrpcTransport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.test.context.ContextConfiguration;

/**
 * order-service's logic against a {@link FakeUserService} bean served in-process: the
 * REST edge on a real port and a real PostgreSQL, but gRPC through grpc-java's in-process
 * transport, which skips the channel's configuration (no deadlines from it, no retries).
 * Network behaviour is tested with {@link OrderServiceWithFakeUsers}.
 * <p>
 * The fake shares order-service's own gRPC server here, so that server's access rules are
 * replaced by ones that let order-service's calls to the fake through (they carry its
 * service token, which only user-service checks). The REST edge's rules stay; the gRPC
 * edge's are tested on real ports ({@code security/AccessRulesTests}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = { SharedPostgres.class, SharedAuthServer.class })
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

		/**
		 * The fake's calls come from order-service itself with its service token, which
		 * only user-service checks: the edge's access rules stay off the fake, as they
		 * would on a server of its own.
		 */
		@Bean
		static BeanPostProcessor edgeSecurityOnlyOnOrderService() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (!(bean instanceof AuthenticationProcessInterceptor security)) {
						return bean;
					}
					return new OrderedInterceptor(security);
				}

			};
		}

	}

	/** {@code security} for every service but the fake user-service. */
	record OrderedInterceptor(AuthenticationProcessInterceptor security) implements ServerInterceptor, Ordered {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			return UserServiceGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())
					? next.startCall(call, headers) : this.security.interceptCall(call, headers, next);
		}

		@Override
		public int getOrder() {
			return this.security.getOrder();
		}

	}

}
