package io.tandem.activity;

import java.util.List;

/** What became of a batch: counts, and a line for every item that was not recorded. */
public record RecordingResult(int accepted, int duplicates, List<Rejection> rejections) {

    public record Rejection(int index, String eventId, String field, String message) {
    }
}
