package io.tandem.analytics.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs a dashboard's independent queries side by side, each on its own connection, so that a page costs about its
 * slowest query rather than the sum of them. A few threads: the database has few cores to give a page.
 */
@Component
public class ReportWorkers implements DisposableBean {

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "report-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    public <T> CompletableFuture<T> start(Supplier<T> query) {
        return CompletableFuture.supplyAsync(query, pool);
    }

    /** The query's result, or its own exception (a bad filter stays a bad filter). */
    public static <T> T join(CompletableFuture<T> query) {
        try {
            return query.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
