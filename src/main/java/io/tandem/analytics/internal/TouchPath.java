package io.tandem.analytics.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The campaign touches of one opportunity in time order, with the moments the position-based models need: when its
 * (primary) lead was created, when the opportunity was opened and, once closed, when it was won.
 *
 * @param closedAt {@code null} while the opportunity is open
 */
public record TouchPath(List<Touch> touches, Instant leadCreatedAt, Instant openedAt, Instant closedAt) {

    private static final Comparator<Touch> IN_TIME_ORDER = Comparator.comparing(Touch::at)
            .thenComparing(t -> t.campaignId().toString());

    public TouchPath {
        // most deals have one or two touches: sorted without a stream (reports sort tens of thousands of paths)
        if (touches.size() > 1) {
            List<Touch> sorted = new java.util.ArrayList<>(touches);
            sorted.sort(IN_TIME_ORDER);
            touches = java.util.Collections.unmodifiableList(sorted);
        }
    }

    /** The touches up to the opportunity's opening: what every model but full path credits. */
    public List<Touch> untilOpened() {
        return until(openedAt);
    }

    /** The touches up to its close (all of them while it is open): what full path credits. */
    public List<Touch> untilClosed() {
        return closedAt == null ? touches : until(closedAt);
    }

    private List<Touch> until(Instant moment) {
        int count = 0;
        while (count < touches.size() && !touches.get(count).at().isAfter(moment)) {
            count++;
        }
        return count == touches.size() ? touches : touches.subList(0, count);
    }

    /** Index of the lead-creation touch in {@code path}: the last at or before the lead's creation, else the first. */
    static int leadCreationIndex(List<Touch> path, Instant leadCreatedAt) {
        int index = 0;
        for (int i = 0; i < path.size(); i++) {
            if (!path.get(i).at().isAfter(leadCreatedAt)) {
                index = i;
            }
        }
        return index;
    }

    /** Index of the last touch at or before {@code moment}, or -1 when none. */
    static int lastIndexUntil(List<Touch> path, Instant moment) {
        int index = -1;
        for (int i = 0; i < path.size(); i++) {
            if (!path.get(i).at().isAfter(moment)) {
                index = i;
            }
        }
        return index;
    }
}
