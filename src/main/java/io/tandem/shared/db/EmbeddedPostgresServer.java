package io.tandem.shared.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL per data directory and JVM. Kept outside the Spring context on purpose: several test
 * contexts share one server, and the server's own shutdown hook stops it when the JVM exits.
 */
public final class EmbeddedPostgresServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Map<Path, EmbeddedPostgres> RUNNING = new ConcurrentHashMap<>();

    private EmbeddedPostgresServer() {
    }

    public static EmbeddedPostgres startOrGet(EmbeddedPostgresProperties properties) {
        Path directory = properties.dataDirectory().toAbsolutePath().normalize();
        return RUNNING.computeIfAbsent(directory, dir -> start(dir, properties));
    }

    private static EmbeddedPostgres start(Path directory, EmbeddedPostgresProperties properties) {
        try {
            if (properties.cleanOnStart()) {
                stopOrphanedPostmaster(directory);
                FileSystemUtils.deleteRecursively(directory);
            }
            Files.createDirectories(directory);
            stopOrphanedPostmaster(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(properties.port())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    // Activity ingestion touches random leads, scores and identities all over a million-lead pool:
                    // with 256 MB most of its index and heap reads missed the buffer cache.
                    .setServerConfig("shared_buffers", "1GB")
                    // The first change of a page after a checkpoint writes the whole page to the WAL. Rarer
                    // checkpoints (at the price of a longer recovery after a crash) cut the WAL of ingestion by a
                    // third; durability is unchanged.
                    .setServerConfig("max_wal_size", "8GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    .setServerConfig("timezone", "UTC")
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("encoding", "UTF8");
            if (properties.durable()) {
                // The library starts postgres with -F (fsync off) and asynchronous commit; later settings win.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            properties.settings().forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            log.info("Embedded PostgreSQL is running on port {} with its data in {}", postgres.getPort(), directory);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    /**
     * After a kill -9 of the JVM the postmaster it started keeps running and holds the data directory. A postmaster
     * left behind stops on SIGTERM once its (dead) clients are gone; it then writes its checkpoint, so nothing that was
     * acknowledged is lost.
     */
    static void stopOrphanedPostmaster(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream()
                .findFirst()
                .map(String::trim)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(EmbeddedPostgresServer::isPostgres);
        if (postmaster.isEmpty()) {
            log.info("Found a stale postmaster.pid in {} without a running server; PostgreSQL will recover on start",
                    directory);
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn("Stopping PostgreSQL (pid {}) left running by a previous Tandem process", process.pid());
        process.destroy();
        try {
            process.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL left behind in " + directory + " (pid " + process.pid()
                    + ") did not stop; stop it by hand and start Tandem again", e);
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("postgres")).orElse(true);
    }
}
