package io.tandem.lead;

import java.util.UUID;

/** How an activity names its person: by Tandem's id, or by email, mobile number or anonymous visitor id. */
public record PersonRef(UUID leadId, String email, String phone, String anonymousId) {
}
