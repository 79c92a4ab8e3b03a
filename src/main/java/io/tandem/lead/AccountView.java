package io.tandem.lead;

import java.time.Instant;
import java.util.UUID;

public record AccountView(UUID id, String name, String domain, String industry, String province, long leadCount,
        Instant createdAt, UUID ownerId) {
}
