package io.tandem.shared.db;

import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * Turns columns of values into arrays for {@code unnest(...)} statements, the fast way to write many rows in one
 * round trip. Timestamps travel as ISO-8601 text and are cast in SQL with {@code ::timestamptz[]}.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static String[] timestamps(Collection<Instant> instants) {
        return instants.stream().map(i -> i == null ? null : i.toString()).toArray(String[]::new);
    }

    /** UUIDs as a binary {@code uuid[]}: see {@link UuidArray}. Nulls stay nulls. */
    public static UuidArray uuids(UUID[] ids) {
        return new UuidArray(ids);
    }

    public static UuidArray uuids(Collection<UUID> ids) {
        return new UuidArray(ids.toArray(UUID[]::new));
    }

    public static String timestamp(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
