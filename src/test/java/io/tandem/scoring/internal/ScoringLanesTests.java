package io.tandem.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.tandem.activity.RecordedActivity;

class ScoringLanesTests {

    final ScoringLanes lanes = new ScoringLanes(2);

    @AfterEach
    void stop() {
        lanes.destroy();
    }

    static List<RecordedActivity> activitiesOf(List<UUID> leads, int each) {
        List<RecordedActivity> activities = new ArrayList<>();
        for (int n = 0; n < each; n++) {
            for (UUID lead : leads) {
                activities.add(new RecordedActivity(UUID.randomUUID(), lead, "PAGE_VIEW", null, Instant.now()));
            }
        }
        return activities;
    }

    @Test
    void aHandRaiserOvertakesTheBulkBatchesWaitingOnItsLane() throws Exception {
        ScoringLanes oneLane = new ScoringLanes(1);
        try {
            java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(3);
            List<UUID> bulk = new ArrayList<>();
            for (int i = 0; i < ScoringLanes.URGENT_BATCH + 1; i++) {
                bulk.add(UUID.randomUUID());
            }
            senders.submit(() -> oneLane.score(activitiesOf(bulk, 1), part -> {
                busy.countDown();
                await(release);
                order.add("first bulk");
            }));
            busy.await();
            senders.submit(() -> oneLane.score(activitiesOf(bulk, 1), part -> order.add("second bulk")));
            // the second bulk batch is queued before the hand-raiser arrives
            org.awaitility.Awaitility.await().until(() -> oneLane.waiting(0) == 1);
            senders.submit(() -> oneLane.score(activitiesOf(List.of(UUID.randomUUID()), 1),
                    part -> order.add("hand-raiser")));
            org.awaitility.Awaitility.await().until(() -> oneLane.waiting(0) == 2);
            release.countDown();
            senders.shutdown();
            assertThat(senders.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            assertThat(order).containsExactly("first bulk", "hand-raiser", "second bulk");
        } finally {
            oneLane.destroy();
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void everyLeadIsScoredOnOneLaneOnlyAndEveryActivityExactlyOnce() {
        List<UUID> leads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            leads.add(UUID.randomUUID());
        }
        Map<UUID, Set<String>> threadsByLead = new ConcurrentHashMap<>();
        List<RecordedActivity> scored = java.util.Collections.synchronizedList(new ArrayList<>());

        for (int batch = 0; batch < 5; batch++) {
            lanes.score(activitiesOf(leads, 3), part -> part.forEach(activity -> {
                threadsByLead.computeIfAbsent(activity.leadId(), id -> ConcurrentHashMap.newKeySet())
                        .add(Thread.currentThread().getName());
                scored.add(activity);
            }));
        }

        assertThat(scored).hasSize(5 * 3 * 200).doesNotHaveDuplicates();
        assertThat(threadsByLead.values()).allSatisfy(threads -> assertThat(threads).hasSize(1));
        assertThat(threadsByLead.values().stream().flatMap(Set::stream).distinct())
                .containsExactlyInAnyOrder("scoring-lane-1", "scoring-lane-2");
    }

    @Test
    void aFailedLaneFailsTheBatchOnlyAfterTheOtherLaneHasFinished() {
        List<UUID> leads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            leads.add(UUID.randomUUID());
        }
        List<String> finished = java.util.Collections.synchronizedList(new ArrayList<>());

        assertThatThrownBy(() -> lanes.score(activitiesOf(leads, 1), part -> {
            if (lanes.laneOf(part.get(0).leadId()) == 0) {
                throw new IllegalStateException("lane 1 failed");
            }
            finished.add(Thread.currentThread().getName());
        })).isInstanceOf(IllegalStateException.class).hasMessage("lane 1 failed");
        assertThat(finished).containsExactly("scoring-lane-2");
    }
}
