package io.tandem.activity;

import java.util.List;

import io.tandem.shared.Actor;

public interface ActivityRecorder {

    /**
     * Records what is valid and new; unknown people become leads. Joins the caller's transaction.
     *
     * @param sourceName which client reported the activities (shown on the timeline)
     */
    RecordingResult record(List<NewActivity> activities, Actor actor, String sourceName);
}
