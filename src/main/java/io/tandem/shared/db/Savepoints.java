package io.tandem.shared.db;

import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A plain {@code insert} of many rows, with {@code insert … on conflict} only when the plain one meets a row that
 * exists. PostgreSQL's {@code on conflict} searches each unique index before it inserts and confirms each row in a WAL
 * record of its own: a quarter more work per row, paid also when nothing conflicts, as when an import writes new people.
 * The plain attempt runs in a savepoint, so a duplicate key undoes only the attempt, not the caller's transaction; the
 * rows are inserted in key order, so an attempt that meets existing rows usually fails early.
 * <p>
 * Must run inside a transaction. Worth it for batches only: the savepoint costs two round trips, so fewer rows than
 * {@link #WORTH_IT_FROM} go straight to the insert with {@code on conflict}.
 */
public final class Savepoints {

    /** Below this many rows the two round trips of a savepoint cost more than skipping the conflict checks saves. */
    public static final int WORTH_IT_FROM = 64;

    private Savepoints() {
    }

    /**
     * @param rows        how many rows the insert writes
     * @param plainInsert the insert without {@code on conflict}
     * @param instead     the insert with {@code on conflict}: for few rows, and when {@code plainInsert} met an
     *                    existing key
     */
    public static <T> T insertOrElse(JdbcClient jdbc, int rows, Supplier<T> plainInsert, Supplier<T> instead) {
        if (rows < WORTH_IT_FROM) {
            return instead.get();
        }
        jdbc.sql("savepoint plain_insert").update();
        T result;
        try {
            result = plainInsert.get();
        } catch (DuplicateKeyException e) {
            jdbc.sql("rollback to savepoint plain_insert").update();
            jdbc.sql("release savepoint plain_insert").update();
            return instead.get();
        }
        jdbc.sql("release savepoint plain_insert").update();
        return result;
    }
}
