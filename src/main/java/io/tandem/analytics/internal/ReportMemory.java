package io.tandem.analytics.internal;

import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a report's queries in one read-only transaction with {@code work_mem} raised for it alone (and plans made for
 * the actual period): the hash
 * aggregates and joins over a period's hundreds of thousands of stage entries then stay in memory instead of spilling
 * to disk (the default 4 MB is sized for many small queries). Like the re-scorer's (ADR 7).
 */
@Component
class ReportMemory {

    static final String WORK_MEM = "64MB";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    ReportMemory(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setReadOnly(true);
    }

    <T> T read(Supplier<T> report) {
        return transactions.execute(status -> {
            jdbc.sql("set local work_mem = '" + WORK_MEM + "'").update();
            // a period's range decides the plan (index range or scan, parallel or not); a generic plan made for any
            // range once the statement was prepared five times was up to twice as slow, and planning is ~1 ms
            jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
            return report.get();
        });
    }
}
