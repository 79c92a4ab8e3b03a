package io.tandem.handoff.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where call recordings live: local disk outside the web root by default; an object store can take its place. Keys
 * are opaque and never come from user input.
 */
public interface RecordingStorage {

    /** Stores the bytes under a new key and returns it. */
    String store(InputStream content) throws IOException;

    InputStream open(String key) throws IOException;

    void delete(String key) throws IOException;
}
