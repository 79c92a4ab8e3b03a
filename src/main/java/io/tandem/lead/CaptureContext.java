package io.tandem.lead;

import io.tandem.shared.Actor;

/**
 * @param createdVia recorded on new leads, e.g. {@code api}, {@code form:ab12cd34}, {@code import:<job id>}
 */
public record CaptureContext(CaptureChannel channel, Actor actor, String createdVia) {

    public static CaptureContext of(CaptureChannel channel, Actor actor) {
        return new CaptureContext(channel, actor, channel.name().toLowerCase(java.util.Locale.ROOT));
    }
}
