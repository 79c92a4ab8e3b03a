package io.tandem.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.tandem.support.IntegrationTest;

/** The touches the database packs into a deal row (V43) read back in Java as they were, to the microsecond. */
@IntegrationTest
class PackedTouchesTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void touchesPackedByTheDatabaseReadBackInOrderToTheMicrosecond() {
        UUID first = UUID.fromString("0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        UUID second = UUID.fromString("ffffffff-0000-4000-8000-000000000001");
        Instant beforeTheEpoch = Instant.parse("1969-12-31T23:59:59.999999Z");
        Instant recent = Instant.parse("2026-11-27T08:15:30.123456Z");

        byte[] packed = jdbc.sql("""
                select deal_fact_touch(:first, :recent) || deal_fact_touch(:second, :beforeTheEpoch)
                """).param("first", first).param("recent", java.sql.Timestamp.from(recent))
                .param("second", second).param("beforeTheEpoch", java.sql.Timestamp.from(beforeTheEpoch))
                .query(byte[].class).single();

        assertThat(DealQueries.touches(packed))
                .containsExactly(new Touch(first, recent), new Touch(second, beforeTheEpoch));
        assertThat(DealQueries.touches(new byte[0])).isEmpty();
        List<UUID> unpackedBySql = jdbc.sql("select campaign_id from deal_fact_touch_list(:packed)")
                .param("packed", packed).query(UUID.class).list();
        assertThat(unpackedBySql).containsExactly(first, second);
    }
}
