package io.tandem.activity;

import java.time.Instant;
import java.util.List;

/** New activities, one event per recorded batch. Scoring consumes these. */
public record ActivitiesRecorded(List<RecordedActivity> activities, Instant at) {
}
