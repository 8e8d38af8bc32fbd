package com.acme.grpc.security;

import java.time.Clock;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Every JWT decoder of a service, whether Spring Boot's (an edge's {@code issuer-uri}) or
 * the service's own (user-service's service-token keys), verifies each distinct token
 * once ({@link VerifiedTokenCache}): the same saving on every server that checks tokens.
 */
@AutoConfiguration
@ConditionalOnClass(JwtDecoder.class)
public class VerifiedTokenAutoConfiguration {

	@Bean
	static BeanPostProcessor verifiedTokenCache() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JwtDecoder decoder && !(bean instanceof VerifiedTokenCache))
						? new VerifiedTokenCache(decoder, Clock.systemUTC()) : bean;
			}

		};
	}

}
