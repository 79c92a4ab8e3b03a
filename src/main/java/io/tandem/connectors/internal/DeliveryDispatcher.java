package io.tandem.connectors.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.connectors.CrmDeliveryGaveUp;

/**
 * Sends what the queue holds: per connector, up to its concurrent-call limit of workers, each claiming the next due
 * deliveries (one at a time, or a whole collection when a backlog waits), building the records from the lead's
 * current values, calling the CRM and settling each delivery from the CRM's answer. The outcome and the log are
 * written in one transaction per call; a crash between the call and that write leaves the lease to run out and the
 * record to be sent again — harmless, since the CRM upserts by Tandem's id.
 */
@Component
public class DeliveryDispatcher {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    static final Duration LEASE = Duration.ofMinutes(2);

    private final ConnectorStore connectors;
    private final Deliveries deliveries;
    private final CrmLinks links;
    private final TandemRecords records;
    private final SyncLog syncLog;
    private final Map<ConnectorKind, CrmClient> clients = new EnumMap<>(ConnectorKind.class);
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RetrySchedule retries;
    private final boolean enabled;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "crm-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<UUID, AtomicInteger> running = new ConcurrentHashMap<>();

    DeliveryDispatcher(ConnectorStore connectors, Deliveries deliveries, CrmLinks links, TandemRecords records,
            SyncLog syncLog, List<CrmClient> clients, TransactionTemplate transactions,
            ApplicationEventPublisher events, Clock clock,
            @Value("${tandem.connectors.delivery.enabled:true}") boolean enabled,
            @Value("${tandem.connectors.retry.base:PT5S}") Duration retryBase,
            @Value("${tandem.connectors.retry.cap:PT15M}") Duration retryCap,
            @Value("${tandem.connectors.retry.window:PT72H}") Duration retryWindow) {
        this.connectors = connectors;
        this.deliveries = deliveries;
        this.links = links;
        this.records = records;
        this.syncLog = syncLog;
        clients.forEach(client -> this.clients.put(client.kind(), client));
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.retries = new RetrySchedule(retryBase, retryCap, retryWindow);
        this.enabled = enabled;
    }

    public CrmClient client(ConnectorKind kind) {
        CrmClient client = clients.get(kind);
        if (client == null) {
            throw new IllegalStateException("no client for " + kind);
        }
        return client;
    }

    /**
     * Starts workers for every connector with due deliveries, up to its concurrent-call limit, without waiting for them
     * (after commits, the poll). A worker started while others are busy takes what they have not claimed yet.
     */
    public void kick() {
        if (!enabled) {
            return;
        }
        for (Connector connector : connectors.enabled()) {
            AtomicInteger count = running.computeIfAbsent(connector.id(), id -> new AtomicInteger());
            while (count.get() < connector.maxConcurrentCalls() && !connector.pausedAt(clock.instant())
                    && deliveries.hasDue(connector.id(), clock.instant())) {
                count.incrementAndGet();
                workers.execute(() -> {
                    try {
                        deliverDue(connector.id());
                    } catch (RuntimeException e) {
                        log.warn("Delivering to {} failed; the deliveries stay due", connector.name(), e);
                    } finally {
                        count.decrementAndGet();
                    }
                });
            }
        }
    }

    /**
     * Delivers everything due for one connector, call after call, until nothing is due or the CRM is paused. Tests
     * call this directly after moving their clock.
     *
     * @return how many deliveries were settled (delivered, rescheduled or given up)
     */
    public int deliverDue(UUID connectorId) {
        int settled = 0;
        while (true) {
            Connector connector = connectors.get(connectorId);
            Instant now = clock.instant();
            if (!connector.enabled() || connector.pausedAt(now)) {
                return settled;
            }
            CrmClient client = client(connector.kind());
            List<Deliveries.Claimed> claimed = transactions.execute(tx -> deliveries.claimDue(connectorId,
                    client.batchLimit(), now, LEASE));
            if (claimed.isEmpty()) {
                return settled;
            }
            send(connector, client, claimed);
            settled += claimed.size();
        }
    }

    /** Every connector's due deliveries, one after the other. */
    public int deliverAllDue() {
        int settled = 0;
        for (Connector connector : connectors.enabled()) {
            settled += deliverDue(connector.id());
        }
        return settled;
    }

    private void send(Connector connector, CrmClient client, List<Deliveries.Claimed> claimed) {
        Instant now = clock.instant();
        List<UUID> leadIds = claimed.stream().map(Deliveries.Claimed::leadId).toList();
        Map<UUID, Map<String, Object>> values = records.of(leadIds);
        Map<UUID, String> crmIds = links.crmIds(connector.id(), leadIds);
        List<OutboundRecord> sendable = new ArrayList<>();
        List<Deliveries.Claimed> sending = new ArrayList<>();
        List<Runnable> settle = new ArrayList<>();
        List<Deliveries.Claimed> delivered = new ArrayList<>();
        Map<UUID, String> deliveredCrmIds = new java.util.HashMap<>();
        List<SyncLog.Entry> entries = new ArrayList<>();
        for (Deliveries.Claimed item : claimed) {
            Map<String, Object> lead = values.get(item.leadId());
            if (lead == null) {
                settle.add(() -> deliveries.giveUp(item, false, "the lead no longer exists in Tandem", now));
                continue;
            }
            String crmId = crmIds.get(item.leadId());
            OutboundPayloads.Built built = OutboundPayloads.build(connector, item.leadId(), crmId, lead, crmId == null);
            if (!built.sendable()) {
                String error = "required fields are blank: " + String.join(", ", built.missing());
                settle.add(() -> giveUp(connector, item, false, error, now));
                entries.add(entry(connector, item, "upsert", null, null, null, error, null));
                continue;
            }
            sendable.add(built.record());
            sending.add(item);
        }
        if (!sendable.isEmpty()) {
            String operation = sendable.size() == 1 ? "upsert" : "upsert collection of " + sendable.size();
            long started = System.nanoTime();
            try {
                List<CrmClient.RecordResult> results = client.upsert(connector, sendable);
                int millis = (int) ((System.nanoTime() - started) / 1_000_000);
                for (int i = 0; i < sending.size(); i++) {
                    Deliveries.Claimed item = sending.get(i);
                    CrmClient.RecordResult result = results.get(i);
                    String request = requestOf(connector, client, sendable.get(i));
                    if (result.ok()) {
                        delivered.add(item);
                        deliveredCrmIds.put(item.leadId(), result.crmId());
                        entries.add(entry(connector, item, operation, request, 200, result.response(), null, millis));
                    } else {
                        String error = result.message();
                        if (result.retryable()) {
                            settle.add(() -> retryOrDie(connector, item, error, now));
                        } else {
                            settle.add(() -> giveUp(connector, item, false, error, now));
                        }
                        entries.add(entry(connector, item, operation, request, 400, result.response(), error, millis));
                    }
                }
            } catch (CrmCallFailure failure) {
                int millis = (int) ((System.nanoTime() - started) / 1_000_000);
                for (int i = 0; i < sending.size(); i++) {
                    entries.add(entry(connector, sending.get(i), operation, requestOf(connector, client,
                            sendable.get(i)), failure.status() == 0 ? null : failure.status(), failure.response(),
                            failure.kind() + ": " + failure.getMessage(), millis));
                }
                settle.add(() -> settleFailure(connector, sending, failure, now));
            }
        }
        transactions.executeWithoutResult(tx -> {
            deliveries.deliveredAll(delivered, now);
            links.deliveredAll(connector.id(), deliveredCrmIds, now);
            settle.forEach(Runnable::run);
            syncLog.write(entries);
        });
    }

    private void settleFailure(Connector connector, List<Deliveries.Claimed> items, CrmCallFailure failure,
            Instant now) {
        switch (failure.kind()) {
            case RATE_LIMITED, BUDGET_EXHAUSTED -> {
                Instant until = now.plus(failure.retryAfter() == null ? Duration.ofMinutes(1) : failure.retryAfter());
                connectors.pause(connector.id(), until, failure.getMessage());
                deliveries.postpone(items, until, failure.getMessage());
            }
            case REFUSED -> items.forEach(item -> giveUp(connector, item, false, failure.getMessage(), now));
            default -> items.forEach(item -> retryOrDie(connector, item, failure.getMessage(), now));
        }
    }

    private void retryOrDie(Connector connector, Deliveries.Claimed item, String error, Instant now) {
        Optional<Instant> next = retries.next(item.attempts() + 1, item.firstQueuedAt(), now,
                ThreadLocalRandom.current()::nextDouble);
        if (next.isPresent()) {
            deliveries.retryAt(item, next.get(), error);
        } else {
            giveUp(connector, item, true, "gave up after " + (item.attempts() + 1) + " attempts over "
                    + retries.window().toHours() + " hours; last error: " + error, now);
        }
    }

    private void giveUp(Connector connector, Deliveries.Claimed item, boolean dead, String error, Instant now) {
        deliveries.giveUp(item, dead, error, now);
        events.publishEvent(new CrmDeliveryGaveUp(item.id(), item.leadId(), connector.id(), connector.name(), dead,
                error, now));
    }

    private static String requestOf(Connector connector, CrmClient client, OutboundRecord record) {
        CrmClient.CrmRequest request = client.prepareUpsert(connector, List.of(record));
        return request.method() + " " + request.url() + "\n" + request.body();
    }

    private SyncLog.Entry entry(Connector connector, Deliveries.Claimed item, String operation, String request,
            Integer status, String response, String error, Integer millis) {
        return new SyncLog.Entry(connector.id(), item.leadId(), item.id(), "OUT", clock.instant(), item.attempts() + 1,
                operation, request, status, response, error, millis);
    }
}
