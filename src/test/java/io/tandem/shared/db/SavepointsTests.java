package io.tandem.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.support.IntegrationTest;

@IntegrationTest
class SavepointsTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    private void table() {
        jdbc.sql("create temp table claim (key int primary key, owner text not null) on commit drop").update();
        jdbc.sql("insert into claim values (2, 'earlier')").update();
    }

    private int insert(String onConflict) {
        return jdbc.sql("insert into claim select key, 'this' from unnest(array[1, 2, 3]) as key order by key "
                + onConflict).update();
    }

    @Test
    void aPlainInsertThatMeetsAnExistingKeyIsUndoneAndTheInsertThatSkipsTakenKeysRunsInsteadInTheSameTransaction() {
        List<String> rows = transactions.execute(tx -> {
            table();
            int inserted = Savepoints.insertOrElse(jdbc, Savepoints.WORTH_IT_FROM, () -> insert(""),
                    () -> insert("on conflict do nothing"));
            assertThat(inserted).isEqualTo(2);
            jdbc.sql("insert into claim values (4, 'after')").update();
            return jdbc.sql("select key || ' ' || owner from claim order by key").query(String.class).list();
        });

        assertThat(rows).containsExactly("1 this", "2 earlier", "3 this", "4 after");
    }

    @Test
    void aPlainInsertThatMeetsNoKeyKeepsItsRowsAndNothingElseRuns() {
        AtomicBoolean otherRan = new AtomicBoolean();
        List<String> rows = transactions.execute(tx -> {
            table();
            jdbc.sql("delete from claim").update();
            Savepoints.insertOrElse(jdbc, Savepoints.WORTH_IT_FROM, () -> insert(""), () -> {
                otherRan.set(true);
                return 0;
            });
            return jdbc.sql("select key || ' ' || owner from claim order by key").query(String.class).list();
        });

        assertThat(rows).containsExactly("1 this", "2 this", "3 this");
        assertThat(otherRan).isFalse();
    }

    @Test
    void fewerRowsThanASavepointIsWorthGoStraightToTheInsertThatSkipsTakenKeys() {
        AtomicBoolean plainRan = new AtomicBoolean();
        List<String> rows = transactions.execute(tx -> {
            table();
            Savepoints.insertOrElse(jdbc, Savepoints.WORTH_IT_FROM - 1, () -> {
                plainRan.set(true);
                return insert("");
            }, () -> insert("on conflict do nothing"));
            return jdbc.sql("select key || ' ' || owner from claim order by key").query(String.class).list();
        });

        assertThat(rows).containsExactly("1 this", "2 earlier", "3 this");
        assertThat(plainRan).isFalse();
    }
}
