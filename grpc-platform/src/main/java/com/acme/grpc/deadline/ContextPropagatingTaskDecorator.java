package com.acme.grpc.deadline;

import java.util.Map;

import com.acme.grpc.metadata.MdcScope;
import com.acme.grpc.metadata.PropagatedHeaders;
import io.grpc.Context;
import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries a call across a thread hop: the gRPC {@link Context} (its deadline, its
 * cancellation and the {@link PropagatedHeaders}) and the logging MDC of the submitting
 * thread go with every task. Spring Boot applies a {@code TaskDecorator} bean to the
 * executors it auto-configures ({@code applicationTaskExecutor}, used by {@code @Async}
 * and async MVC), so work handed to them keeps the request's budget and headers.
 * Executors created by hand need {@link #decorate} or
 * {@code Context.currentContextExecutor(executor)}.
 */
public class ContextPropagatingTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable task) {
		Context context = Context.current();
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		return () -> {
			try (MdcScope scope = MdcScope.put(mdc)) {
				context.run(task);
			}
		};
	}

}
