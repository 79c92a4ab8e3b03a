package io.tandem.campaign;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a lead went in a campaign. A membership only moves up this ladder, so a late "registered" never overwrites
 * "attended".
 */
public enum MemberStatus {
    SENT(10), OPENED(20), CLICKED(30), VISITED(30), REGISTERED(40), DOWNLOADED(40), RESPONDED(40), NO_SHOW(45),
    ATTENDED(50);

    private final int rank;

    MemberStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public static Optional<MemberStatus> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String code = value.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(status -> status.name().equals(code)).findFirst();
    }
}
