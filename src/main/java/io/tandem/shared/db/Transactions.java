package io.tandem.shared.db;

import java.util.function.Supplier;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in its own transaction and repeats it when PostgreSQL chose it as the victim of a deadlock or a lock
 * conflict between concurrent captures of the same person. The work must be free of side effects outside the
 * database.
 */
public final class Transactions {

    private static final int ATTEMPTS = 5;

    private Transactions() {
    }

    public static <T> T retryingOnConflict(TransactionTemplate transactions, Supplier<T> work) {
        PessimisticLockingFailureException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return transactions.execute(status -> work.get());
            } catch (PessimisticLockingFailureException e) {
                last = e;
            }
        }
        throw last;
    }
}
