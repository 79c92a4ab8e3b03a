package io.tandem.scoring;

import java.time.Instant;

/** One reason in a score's explanation: which rule, how many points, when. */
public record Contribution(String rule, String label, double points, Instant at) {
}
