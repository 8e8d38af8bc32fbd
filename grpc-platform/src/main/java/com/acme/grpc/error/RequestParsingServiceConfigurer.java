package com.acme.grpc.error;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.service.DefaultGrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

/**
 * Spring gRPC's service configurer (global and per-service interceptors), applied to
 * every service (ours, health, reflection) after {@link RequestParsing} has moved request
 * parsing inside them: a malformed request is then an error the interceptors see and map.
 * Replaces the auto-configured configurer, which backs off when this bean exists.
 */
public class RequestParsingServiceConfigurer implements GrpcServiceConfigurer, InitializingBean {

	private final DefaultGrpcServiceConfigurer interceptors;

	public RequestParsingServiceConfigurer(ApplicationContext context) {
		this.interceptors = new DefaultGrpcServiceConfigurer(context);
	}

	@Override
	public void afterPropertiesSet() {
		this.interceptors.afterPropertiesSet();
	}

	@Override
	public ServerServiceDefinition configure(GrpcServiceSpec spec, GrpcServerFactory factory) {
		ServerServiceDefinition parsed = RequestParsing.inCallChain(spec.service().bindService());
		BindableService service = () -> parsed;
		return this.interceptors.configure(new GrpcServiceSpec(service, spec.serviceInfo()), factory);
	}

}
