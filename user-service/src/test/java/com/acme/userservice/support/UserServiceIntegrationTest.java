package com.acme.userservice.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.acme.testsupport.postgres.SharedPostgres;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole user-service on real ports bound to 127.0.0.1 (gRPC on Netty, Actuator on
 * Tomcat; see {@code config/application.yml} in the test resources), backed by the shared
 * real PostgreSQL, with a {@link GrpcClients} bean to call it. Test classes with this
 * annotation and no other configuration share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "acme.users.import-max-items=50")
@ContextConfiguration(initializers = SharedPostgres.class)
@AutoConfigureMetrics
@Import(GrpcClientsConfiguration.class)
public @interface UserServiceIntegrationTest {

}
