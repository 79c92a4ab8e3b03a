package io.tandem.shared.db;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL that runs when no external database is configured.
 *
 * @param dataDirectory where the cluster lives; survives restarts
 * @param port 0 picks a free port on each start
 * @param durable keep fsync and synchronous commit on, so an acknowledged write survives a crash; tests turn it off
 * @param cleanOnStart wipe the data directory before starting (tests only)
 * @param settings further server settings, e.g. {@code tandem.embedded-db.settings.work_mem=64MB}
 */
@ConfigurationProperties("tandem.embedded-db")
public record EmbeddedPostgresProperties(
        @DefaultValue("data/postgres") Path dataDirectory,
        @DefaultValue("0") int port,
        @DefaultValue("true") boolean durable,
        @DefaultValue("false") boolean cleanOnStart,
        Map<String, String> settings) {

    @ConstructorBinding
    public EmbeddedPostgresProperties {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public EmbeddedPostgresProperties(Path dataDirectory, int port, boolean durable, boolean cleanOnStart) {
        this(dataDirectory, port, durable, cleanOnStart, Map.of());
    }
}
