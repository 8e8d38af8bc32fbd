package com.acme.orderservice.deadline;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.Deadline;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Where an HTTP request's deadline is decided: {@code X-Request-Timeout} (capped to
 * {@code acme.deadline.max}) or {@code acme.deadline.default}, counted from the moment
 * the request reaches this filter.
 *
 * <p>
 * The budget becomes the deadline of the request's gRPC {@link Context}. grpc-java gives
 * every call started in that Context the earlier of the Context's deadline and the call's
 * own (the per-method {@code timeout} of the channel's service config), sends it to
 * user-service as {@code grpc-timeout}, and cancels the call when the Context's deadline
 * passes. Several calls in one request therefore share one budget, and a spent budget
 * cancels whatever is still running: the caller gets 504 and user-service sees the
 * cancellation.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class RequestBudgetFilter extends OncePerRequestFilter implements DisposableBean {

	private final DeadlineProperties properties;

	private final HandlerExceptionResolver exceptionResolver;

	// Fires the Context's cancellation at its deadline; one thread serves every request.
	private final ScheduledExecutorService deadlineTimer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "request-deadline-timer");
		thread.setDaemon(true);
		return thread;
	});

	public RequestBudgetFilter(DeadlineProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		this.properties = properties;
		this.exceptionResolver = exceptionResolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Duration budget;
		try {
			budget = RequestTimeout.budget(request.getHeader(RequestTimeout.HEADER), this.properties.defaultBudget(),
					this.properties.max());
		}
		catch (InvalidRequestTimeoutException ex) {
			// Answered like any other bad input: problem+json through the same exception
			// handling.
			this.exceptionResolver.resolveException(request, response, null, ex);
			return;
		}
		Deadline deadline = Deadline.after(budget.toNanos(), TimeUnit.NANOSECONDS);
		Context.CancellableContext context = Context.current().withDeadline(deadline, this.deadlineTimer);
		Context previous = context.attach();
		try {
			chain.doFilter(request, response);
		}
		finally {
			context.detach(previous);
			// Anything still running for this request (a stream nobody closed) stops now.
			context.cancel(null);
		}
	}

	@Override
	public void destroy() {
		this.deadlineTimer.shutdownNow();
	}

}
