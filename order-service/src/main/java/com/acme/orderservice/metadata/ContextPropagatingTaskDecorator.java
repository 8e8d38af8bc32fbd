package com.acme.orderservice.metadata;

import java.util.Map;

import io.grpc.Context;
import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;
import org.springframework.stereotype.Component;

/**
 * Carries a request across a thread hop: the gRPC {@link Context} (its deadline, its
 * cancellation and the {@link PropagatedHeaders}) and the logging MDC of the submitting
 * thread go with every task. Spring Boot applies a {@code TaskDecorator} bean to the
 * executors it auto-configures ({@code applicationTaskExecutor}, used by {@code @Async}
 * and async MVC), so work handed to them keeps the request's budget and headers.
 * Executors created by hand need {@code Context.currentContextExecutor(executor)} or this
 * decorator.
 */
@Component
public class ContextPropagatingTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable task) {
		Context context = Context.current();
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		return () -> {
			Map<String, String> previousMdc = MDC.getCopyOfContextMap();
			setMdc(mdc);
			try {
				context.run(task);
			}
			finally {
				setMdc(previousMdc);
			}
		};
	}

	private static void setMdc(Map<String, String> values) {
		if (values == null) {
			MDC.clear();
		}
		else {
			MDC.setContextMap(values);
		}
	}

}
