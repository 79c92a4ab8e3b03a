package io.tandem.scoring.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import org.springframework.beans.factory.DisposableBean;

import io.tandem.activity.RecordedActivity;

/**
 * Scores the activities of a batch side by side on a few lanes. Each lead always takes the same lane and each lane is
 * one thread, so the batches about one lead are scored one after the other — their daily caps are read and written
 * without locks — while the lanes never wait for each other's rows.
 */
class ScoringLanes implements DisposableBean {

    /**
     * Batches this small — a form fill, a single event — go before bulk batches waiting on the same lane: a hand-raiser
     * must not wait behind thousands of page views.
     */
    static final int URGENT_BATCH = 20;

    private final List<ExecutorService> lanes = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

    /** A lane's work: urgent before bulk, and in arrival order within each. */
    private record LaneTask(boolean urgent, long sequence, Runnable work) implements Runnable, Comparable<LaneTask> {

        @Override
        public void run() {
            work.run();
        }

        @Override
        public int compareTo(LaneTask other) {
            if (urgent != other.urgent) {
                return urgent ? -1 : 1;
            }
            return Long.compare(sequence, other.sequence);
        }
    }

    ScoringLanes(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("tandem.scoring.threads must be at least 1, not " + count);
        }
        for (int i = 0; i < count; i++) {
            String name = "scoring-lane-" + (i + 1);
            lanes.add(new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.MILLISECONDS,
                    new java.util.concurrent.PriorityBlockingQueue<>(), task -> {
                        Thread thread = new Thread(task, name);
                        thread.setDaemon(true);
                        return thread;
                    }));
        }
    }

    int laneOf(java.util.UUID leadId) {
        return Math.floorMod(leadId.hashCode(), lanes.size());
    }

    /**
     * Splits the activities by lane, scores each part on its lane and returns when all are done; fails with the first
     * failure after every lane has finished, so the batch is offered again as a whole.
     */
    void score(List<RecordedActivity> activities, Consumer<List<RecordedActivity>> scorer) {
        List<List<RecordedActivity>> parts = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            parts.add(new ArrayList<>());
        }
        activities.forEach(activity -> parts.get(laneOf(activity.leadId())).add(activity));
        boolean urgent = activities.size() <= URGENT_BATCH;
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            List<RecordedActivity> part = parts.get(i);
            if (!part.isEmpty()) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                lanes.get(i).execute(new LaneTask(urgent, sequence.incrementAndGet(), () -> {
                    try {
                        scorer.accept(part);
                        done.complete(null);
                    } catch (Throwable failure) {
                        done.completeExceptionally(failure);
                    }
                }));
                running.add(done);
            }
        }
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Batches waiting on the lane behind the one it runs, for tests that need a lane's queue in a known state. */
    int waiting(int lane) {
        return ((java.util.concurrent.ThreadPoolExecutor) lanes.get(lane)).getQueue().size();
    }

    @Override
    public void destroy() {
        lanes.forEach(ExecutorService::shutdown);
    }
}
