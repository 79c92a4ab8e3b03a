package io.tandem.activity.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.tandem.lead.LeadDeleted;
import io.tandem.lead.LeadsMerged;

/** A lead's activities follow it into a merge and out of existence. */
@Component
class LeadChangesListener {

    private final JdbcClient jdbc;

    LeadChangesListener(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(LeadsMerged merged) {
        jdbc.sql("update activity set lead_id = :survivor where lead_id = :merged")
                .param("survivor", merged.survivor()).param("merged", merged.merged()).update();
    }

    @ApplicationModuleListener
    void on(LeadDeleted deleted) {
        jdbc.sql("delete from activity where lead_id = :lead").param("lead", deleted.leadId()).update();
    }
}
