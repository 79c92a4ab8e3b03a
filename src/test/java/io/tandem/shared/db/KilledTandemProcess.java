package io.tandem.shared.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Stands in for a Tandem process that commits a write and is then killed with SIGKILL by the test. */
public final class KilledTandemProcess {

    private KilledTandemProcess() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgresServer.startOrGet(
                new EmbeddedPostgresProperties(Path.of(args[0]), 0, true, false));
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists acknowledged (id int primary key)");
            statement.execute("insert into acknowledged values (42)");
        }
        System.out.println("COMMITTED");
        System.out.flush();
        // Wait for the SIGKILL: the parent never writes to our standard input.
        System.in.read();
    }
}
