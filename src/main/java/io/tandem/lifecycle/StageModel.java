package io.tandem.lifecycle;

import java.util.List;
import java.util.Optional;

/** The stages and the transitions allowed between them. */
public interface StageModel {

    /** All stages in waterfall order. */
    List<Stage> stages();

    Optional<Stage> stage(String code);

    boolean allows(String from, String to);

    /** The stages a lead in {@code from} may move to, in waterfall order. */
    List<Stage> next(String from);

    /** The stage's name in the reader's language, or its code for a stage that no longer exists. */
    default String name(String code, java.util.Locale locale) {
        return stage(code).map(stage -> stage.name(locale)).orElse(code);
    }
}
