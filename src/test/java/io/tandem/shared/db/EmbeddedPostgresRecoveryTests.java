package io.tandem.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded database outlives a Tandem process killed with kill -9: the orphaned PostgreSQL is stopped cleanly on
 * the next start and what was committed is there.
 */
class EmbeddedPostgresRecoveryTests {

    @Test
    void aCommittedWriteSurvivesAKillDashNineOfTheProcess() throws Exception {
        Path directory = Files.createTempDirectory(Path.of("target"), "kill9-postgres").toAbsolutePath();
        Process tandem = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), KilledTandemProcess.class.getName(), directory.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(tandem.getInputStream()))) {
            String line;
            while ((line = output.readLine()) != null && !line.contains("COMMITTED")) {
                // the child logs while PostgreSQL starts
            }
            assertThat(line).as("the child process committed").isNotNull();
        }
        tandem.destroyForcibly();
        assertThat(tandem.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(directory.resolve("postmaster.pid")).as("the orphaned postmaster still runs").exists();

        EmbeddedPostgres restarted = EmbeddedPostgresServer.startOrGet(
                new EmbeddedPostgresProperties(directory, 0, true, false));
        try (Connection connection = restarted.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select id from acknowledged")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        } finally {
            restarted.close();
        }
    }
}
