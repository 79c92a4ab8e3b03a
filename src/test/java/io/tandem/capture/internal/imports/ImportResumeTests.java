package io.tandem.capture.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.tandem.shared.Actor;
import io.tandem.support.IntegrationTest;

@IntegrationTest
class ImportResumeTests {

    @Autowired
    ImportJobs jobs;
    @Autowired
    ImportRunner runner;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anImportThatCommittedChunksOfConsecutiveRowsResumesWithThem() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String mobile = "139" + String.format("%08d", Math.abs(tag.hashCode()) % 100_000_000);
        // Chunks of three rows in tests. Anna's second row (line 7) is in chunk 1, which the previous version of the
        // import committed before it stopped; grouped by person, that row would belong to chunk 0.
        String csv = String.join("\n", "Name,Email,Phone",
                "Anna," + tag + ".anna@example.cn,", "Ben," + tag + ".ben@example.cn,",
                "Cara," + tag + ".cara@example.cn,",
                "Dan," + tag + ".dan@example.cn,", "Eve," + tag + ".eve@example.cn,",
                "Anna," + tag + ".anna@example.cn," + mobile,
                "Finn," + tag + ".finn@example.cn,") + "\n";
        UUID id = jobs.upload(new ByteArrayInputStream(csv.getBytes()), "resumed.csv", null,
                new Actor(null, "li.na", "127.0.0.1"));
        jdbc.sql("""
                update import_job set status = 'RUNNING',
                    mapping = jsonb_set(mapping, '{targets}', '["field:NAME", "field:EMAIL", "field:PHONE"]')
                where id = :id
                """).param("id", id).update();
        jdbc.sql("insert into import_chunk (job_id, chunk_no) values (:id, 1)").param("id", id).update();

        runner.run(id);

        assertThat(jobs.get(id).status()).isEqualTo(ImportJob.COMPLETED);
        assertThat(jdbc.sql("select count(*) from lead where email = :e and phone is null")
                .param("e", tag + ".anna@example.cn").query(Long.class).single())
                .as("line 7 belongs to the committed chunk 1").isEqualTo(1L);
        assertThat(jdbc.sql("select count(*) from lead where email in (:a, :b)")
                .param("a", tag + ".ben@example.cn").param("b", tag + ".finn@example.cn")
                .query(Long.class).single()).isEqualTo(2L);
        assertThat(jdbc.sql("select count(*) from lead where email = :e").param("e", tag + ".dan@example.cn")
                .query(Long.class).single()).isZero();
    }
}
