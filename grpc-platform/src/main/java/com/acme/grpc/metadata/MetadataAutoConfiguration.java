package com.acme.grpc.metadata;

import com.acme.grpc.InterceptorOrder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Request id and propagated headers on every gRPC call, in and out.
 */
@AutoConfiguration
@EnableConfigurationProperties(MetadataProperties.class)
public class MetadataAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@GlobalServerInterceptor
	@Order(InterceptorOrder.METADATA)
	MetadataServerInterceptor metadataServerInterceptor(MetadataProperties properties) {
		return new MetadataServerInterceptor(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	@GlobalClientInterceptor
	MetadataClientInterceptor metadataClientInterceptor() {
		return new MetadataClientInterceptor();
	}

}
