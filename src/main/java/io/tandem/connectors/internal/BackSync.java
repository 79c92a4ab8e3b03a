package io.tandem.connectors.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pulls what changed in a CRM since the last pull and applies each change in its own transaction. A change that
 * cannot be applied stops its object's watermark there, so it is read and tried again at the next pull instead of
 * being skipped — up to {@link #GIVE_UP_AFTER} pulls, then it is set aside (listed on the backlog page) until a later
 * change of the same record applies; changes already applied are recognised and skipped.
 */
@Component
public class BackSync {

    private static final Logger log = LoggerFactory.getLogger(BackSync.class);

    private final ConnectorStore connectors;
    private final DeliveryDispatcher dispatcher;
    private final ClosedLoop closedLoop;
    private final SyncLog syncLog;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    BackSync(ConnectorStore connectors, DeliveryDispatcher dispatcher, ClosedLoop closedLoop, SyncLog syncLog,
            JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.connectors = connectors;
        this.dispatcher = dispatcher;
        this.closedLoop = closedLoop;
        this.syncLog = syncLog;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What one pull did. */
    public record Pulled(int read, int applied, int skipped, int failed) {
    }

    public Pulled pull(UUID connectorId) {
        Connector connector = connectors.get(connectorId);
        CrmClient client = dispatcher.client(connector.kind());
        if (!connector.enabled() || !client.pulls() || connector.pausedAt(clock.instant())) {
            return new Pulled(0, 0, 0, 0);
        }
        Map<String, String> watermarks = watermarks(connectorId);
        CrmClient.ChangePage page;
        try {
            page = client.pullChanges(connector, watermarks);
        } catch (CrmCallFailure failure) {
            if (failure.kind() == CrmCallFailure.Kind.RATE_LIMITED
                    || failure.kind() == CrmCallFailure.Kind.BUDGET_EXHAUSTED) {
                connectors.pause(connectorId, clock.instant().plus(failure.retryAfter()), failure.getMessage());
            }
            syncLog.write(List.of(new SyncLog.Entry(connectorId, null, null, "IN", clock.instant(), null, "pull",
                    null, failure.status() == 0 ? null : failure.status(), failure.response(),
                    failure.kind() + ": " + failure.getMessage(), null)));
            return new Pulled(0, 0, 0, 1);
        }
        Map<String, String> next = new HashMap<>(page.watermarks());
        Set<String> stopped = new HashSet<>();
        Set<String> failing = failingRecords(connectorId);
        int applied = 0;
        int skipped = 0;
        int failed = 0;
        List<SyncLog.Entry> entries = new ArrayList<>();
        for (CrmClient.CrmChange change : page.changes()) {
            if (stopped.contains(change.object())) {
                continue;
            }
            try {
                ClosedLoop.Applied result = transactions.execute(tx -> {
                    ClosedLoop.Applied outcome = closedLoop.apply(connector, change);
                    if (failing.contains(recordKey(change))) {
                        forgetFailures(connectorId, change);
                    }
                    return outcome;
                });
                if (result.firstTime()) {
                    applied++;
                    entries.add(new SyncLog.Entry(connectorId, result.leadId(), null, "IN", clock.instant(), null,
                            change.object() + " " + change.crmId(), change.toString(), null, result.outcome(), null,
                            null));
                } else {
                    skipped++;
                }
            } catch (RuntimeException e) {
                failed++;
                int attempts = recordFailure(connectorId, change, e);
                if (attempts < GIVE_UP_AFTER) {
                    stopped.add(change.object());
                    next.put(change.object(), change.version());
                    log.warn("Applying {} {} from {} failed ({} of {}); it is tried again at the next pull",
                            change.object(), change.crmId(), connector.name(), attempts, GIVE_UP_AFTER, e);
                } else {
                    log.warn("Applying {} {} from {} failed {} times; it is set aside and later changes go on",
                            change.object(), change.crmId(), connector.name(), attempts, e);
                }
                entries.add(new SyncLog.Entry(connectorId, null, null, "IN", clock.instant(), null,
                        change.object() + " " + change.crmId(), change.toString(), null, null,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), null));
            }
        }
        transactions.executeWithoutResult(tx -> {
            next.forEach((object, watermark) -> jdbc.sql("""
                    insert into crm_watermark (connector_id, object, watermark, updated_at)
                    values (:connector, :object, :watermark, :now)
                    on conflict (connector_id, object) do update set watermark = excluded.watermark,
                                                                     updated_at = excluded.updated_at
                    """).param("connector", connectorId).param("object", object).param("watermark", watermark)
                    .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update());
            syncLog.write(entries);
        });
        return new Pulled(page.changes().size(), applied, skipped, failed);
    }

    /** The records of the connector with a change that failed: once one of theirs applies, their failures go. */
    private Set<String> failingRecords(UUID connectorId) {
        return new HashSet<>(jdbc.sql("select object || ' ' || crm_id from crm_inbound_failure where connector_id = :c")
                .param("c", connectorId).query(String.class).list());
    }

    private static String recordKey(CrmClient.CrmChange change) {
        return change.object() + " " + change.crmId();
    }

    /** A change of the record applied: its earlier failures (retrying or set aside) are over. */
    private void forgetFailures(UUID connectorId, CrmClient.CrmChange change) {
        jdbc.sql("delete from crm_inbound_failure where connector_id = :c and object = :object and crm_id = :crm")
                .param("c", connectorId).param("object", change.object()).param("crm", change.crmId()).update();
    }

    /** Pulls a change may fail before it is set aside, so that one bad record does not hold back all later ones. */
    static final int GIVE_UP_AFTER = 3;

    private int recordFailure(UUID connectorId, CrmClient.CrmChange change, RuntimeException error) {
        return transactions.execute(tx -> jdbc.sql("""
                insert into crm_inbound_failure (connector_id, object, crm_id, version, attempts, last_error, failed_at)
                values (:connector, :object, :crm, :version, 1, :error, :now)
                on conflict (connector_id, object, crm_id, version) do update
                set attempts = crm_inbound_failure.attempts + 1, last_error = excluded.last_error,
                    failed_at = excluded.failed_at
                returning attempts
                """).param("connector", connectorId).param("object", change.object()).param("crm", change.crmId())
                .param("version", change.version()).param("error", error.getClass().getSimpleName() + ": "
                        + error.getMessage()).param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .query(Integer.class).single());
    }

    /** A change from the CRM that failed to apply, as the backlog page lists them. */
    public record InboundFailure(String object, String crmId, String version, int attempts, String lastError,
            Instant failedAt) {

        public boolean setAside() {
            return attempts >= GIVE_UP_AFTER;
        }
    }

    public List<InboundFailure> inboundFailures(UUID connectorId, int limit) {
        return jdbc.sql("""
                select object, crm_id, version, attempts, last_error, failed_at from crm_inbound_failure
                where connector_id = :connector order by failed_at desc limit :limit
                """).param("connector", connectorId).param("limit", limit)
                .query((rs, n) -> new InboundFailure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()))
                .list();
    }

    public Map<String, String> watermarks(UUID connectorId) {
        Map<String, String> watermarks = new HashMap<>();
        jdbc.sql("select object, watermark from crm_watermark where connector_id = :id").param("id", connectorId)
                .query(rs -> {
                    watermarks.put(rs.getString(1), rs.getString(2));
                });
        return watermarks;
    }

    /** Every enabled connector that pulls; a failure of one does not stop the others. */
    public void pullAll() {
        for (Connector connector : connectors.enabled()) {
            try {
                pull(connector.id());
            } catch (RuntimeException e) {
                log.warn("Back-sync from {} failed; next pull tries again", connector.name(), e);
            }
        }
    }
}
