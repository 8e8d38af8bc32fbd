package com.acme.grpc.executor;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;

/**
 * The executor gRPC runs handlers on. Chosen on purpose: grpc-java's default is an
 * unbounded cached thread pool, whose hand-offs cost about three times the CPU per call
 * of a {@link ForkJoinPool} on our machines (see the README's performance notes), and
 * which grows a thread per concurrent call under load.
 *
 * <p>
 * Handlers here block on JDBC, so the pool is sized like the connection pool
 * ({@code acme.grpc.server.executor.parallelism}): every connection can be busy, and no
 * thread waits for a connection that cannot exist. FIFO ("async") mode suits gRPC's
 * independent callbacks. Not exposed as an {@code Executor} bean, which would replace
 * Spring's own task executor.
 */
public class GrpcServerExecutor implements GrpcServerExecutorProvider, DisposableBean {

	private final ForkJoinPool pool;

	public GrpcServerExecutor(GrpcServerExecutorProperties properties) {
		this.pool = new ForkJoinPool(properties.parallelism(), GrpcServerExecutor::newThread, null, true);
	}

	@Override
	public Executor getExecutor() {
		return this.pool;
	}

	/**
	 * Runs after the gRPC server has stopped and drained, so no call loses its thread.
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.pool.shutdown();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	private static ForkJoinWorkerThread newThread(ForkJoinPool pool) {
		ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
		thread.setName("grpc-server-" + thread.getPoolIndex());
		return thread;
	}

}
