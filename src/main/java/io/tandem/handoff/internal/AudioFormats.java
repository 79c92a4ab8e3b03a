package io.tandem.handoff.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

import org.apache.tika.detect.Detector;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;

/**
 * Recognises the recording formats phones and call systems produce — mp3, m4a, wav, amr — by their content. The
 * file name is never asked: a renamed executable stays an executable.
 */
final class AudioFormats {

    private static final Detector DETECTOR = TikaConfig.getDefaultConfig().getDetector();

    /** Detected type → the type we serve it as. */
    private static final Map<String, String> ACCEPTED = Map.of(
            "audio/mpeg", "audio/mpeg",
            "audio/mp4", "audio/mp4",
            "audio/x-m4a", "audio/mp4",
            "video/mp4", "audio/mp4",
            "audio/vnd.wave", "audio/wav",
            "audio/x-wav", "audio/wav",
            "audio/wav", "audio/wav",
            "audio/amr", "audio/amr");

    private AudioFormats() {
    }

    /** @param content must support mark/reset; it is reset to where it was */
    static Optional<String> detect(InputStream content) throws IOException {
        MediaType type = DETECTOR.detect(content, new Metadata());
        return Optional.ofNullable(ACCEPTED.get(type.getBaseType().toString()));
    }
}
