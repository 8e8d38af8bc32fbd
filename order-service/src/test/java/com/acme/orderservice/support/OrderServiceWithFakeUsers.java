package com.acme.orderservice.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.acme.testsupport.auth.SharedAuthServer;
import com.acme.testsupport.postgres.SharedPostgres;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole order-service on real ports (REST on Tomcat, gRPC on Netty, both on
 * 127.0.0.1), on a real PostgreSQL, calling {@link FakeUserServer} over a real network
 * connection with the channel configuration of application.yml: deadlines, retries and
 * keepalive as in production. Test classes with this annotation share one application
 * context and one fake; each test resets the fake.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = { SharedPostgres.class, SharedAuthServer.class, FakeUserServerInitializer.class })
@AutoConfigureMetrics
@AutoConfigureTracing
public @interface OrderServiceWithFakeUsers {

}
