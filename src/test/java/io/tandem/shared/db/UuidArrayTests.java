package io.tandem.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.tandem.support.IntegrationTest;

@IntegrationTest
class UuidArrayTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    javax.sql.DataSource dataSource;

    private List<String> throughPostgres(UuidArray ids) {
        return jdbc.sql("""
                select coalesce(id::text, 'null') from unnest(:ids::uuid[]) with ordinality as u(id, n) order by n
                """).param("ids", ids).query(String.class).list();
    }

    @Test
    void uuidsArriveAsTheyWereSentInTheirOrderWithTheirNulls() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(i % 10 == 3 ? null : UUID.randomUUID());
        }
        ids.add(new UUID(0L, 0L));
        ids.add(new UUID(-1L, -1L));

        assertThat(throughPostgres(SqlArrays.uuids(ids)))
                .containsExactlyElementsOf(ids.stream().map(id -> id == null ? "null" : id.toString()).toList());
    }

    @Test
    void anEmptyArrayIsEmptyNotNull() {
        assertThat(jdbc.sql("select cardinality(:ids::uuid[])").param("ids", SqlArrays.uuids(List.of()))
                .query(Integer.class).single()).isZero();
    }

    @Test
    void theApplicationsConnectionsSendUuidArraysInBinary() throws Exception {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            assertThat(connection.unwrap(org.postgresql.core.BaseConnection.class).getQueryExecutor()
                    .getBinarySendOids().contains(org.postgresql.core.Oid.UUID_ARRAY)).isTrue();
        }
    }

    @Test
    void itsTextFormForADriverWithoutBinaryTransferIsTheSameArrayAndItReadsBack() {
        UUID[] ids = { UUID.randomUUID(), null, UUID.randomUUID() };
        UuidArray array = SqlArrays.uuids(ids);
        byte[] bytes = new byte[array.lengthInBytes()];
        array.toBytes(bytes, 0);

        assertThat(bytes).hasSize(20 + 20 + 4 + 20);
        assertThat(jdbc.sql("select :text::uuid[] = :binary::uuid[]").param("text", array.getValue())
                .param("binary", array).query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select array_agg(id) from unnest(:ids::uuid[]) as id").param("ids", array)
                .query((rs, n) -> Arrays.asList((Object[]) rs.getArray(1).getArray())).single())
                .containsExactly((Object[]) ids);
    }
}
