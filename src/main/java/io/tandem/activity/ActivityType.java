package io.tandem.activity;

import java.util.Arrays;
import java.util.Optional;

import io.tandem.campaign.MemberStatus;

/**
 * The activity types Tandem knows. Anything else is a custom type written {@code custom.<name>}, e.g.
 * {@code custom.trial_started}.
 *
 * @see #membership() what an activity with a campaign says about the lead's campaign membership
 */
public enum ActivityType {
    PAGE_VIEW(MemberStatus.VISITED), FORM_SUBMITTED(MemberStatus.RESPONDED), EMAIL_SENT(MemberStatus.SENT),
    EMAIL_OPENED(MemberStatus.OPENED), EMAIL_CLICKED(MemberStatus.CLICKED), UNSUBSCRIBED(null),
    CONTENT_DOWNLOADED(MemberStatus.DOWNLOADED), EVENT_REGISTERED(MemberStatus.REGISTERED),
    EVENT_CHECKED_IN(MemberStatus.ATTENDED), WEBINAR_ATTENDED(MemberStatus.ATTENDED), DEMO_REQUESTED(MemberStatus.RESPONDED),
    CONTACT_SALES(MemberStatus.RESPONDED), CALL(null), MEETING(null), NOTE(null), WECHAT_FOLLOWED(MemberStatus.RESPONDED);

    public static final String CUSTOM_PREFIX = "custom.";

    private final MemberStatus membership;

    ActivityType(MemberStatus membership) {
        this.membership = membership;
    }

    public Optional<MemberStatus> membership() {
        return Optional.ofNullable(membership);
    }

    public static Optional<ActivityType> known(String code) {
        return Arrays.stream(values()).filter(type -> type.name().equals(code)).findFirst();
    }

    /** A known type, or a custom one of the form {@code custom.<lower_case_name>}. */
    public static boolean isValid(String code) {
        return code != null && (known(code).isPresent() || code.matches("custom\\.[a-z][a-z0-9_]{0,39}"));
    }
}
