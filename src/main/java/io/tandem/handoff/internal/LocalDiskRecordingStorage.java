package io.tandem.handoff.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.tandem.shared.Ids;

/** Recordings as files under {@code tandem.storage-directory}/recordings/yyyy/MM, written atomically. */
@Component
class LocalDiskRecordingStorage implements RecordingStorage {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Clock clock;

    LocalDiskRecordingStorage(@Value("${tandem.storage-directory:data/files}") String directory, Clock clock) {
        this.root = Path.of(directory).toAbsolutePath().resolve("recordings");
        this.clock = clock;
    }

    @Override
    public String store(InputStream content) throws IOException {
        String key = MONTH.format(clock.instant()) + "/" + Ids.next();
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(content, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return key;
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Not a recording key: " + key);
        }
        return path;
    }
}
