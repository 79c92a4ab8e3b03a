package io.tandem.sla.internal;

import java.util.List;
import java.util.Optional;

import io.tandem.sla.SlaKind;

/** Opens the policy choice (package-private) to the tests of the sla module. */
public final class SlaPoliciesAccess {

    private SlaPoliciesAccess() {
    }

    public static Optional<SlaPolicy> forLead(List<SlaPolicy> policies, SlaKind kind, String grade) {
        return SlaPolicies.forLead(policies, kind, grade);
    }
}
