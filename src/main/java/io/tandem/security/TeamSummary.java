package io.tandem.security;

import java.util.UUID;

/** A team as other modules see it: who manages it. */
public record TeamSummary(UUID id, String name, UUID managerId) {
}
