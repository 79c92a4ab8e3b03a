package io.tandem.analytics;

import io.tandem.shared.Actor;

/**
 * A company's history brought in as the history import page does (issue 6 §1): a CSV or XLSX of leads with the days
 * they reached each stage, or of their deals. Nothing it writes publishes events.
 */
public interface PastHistory {

    /** @return the rows written; a wrong row is skipped */
    int importLeads(String fileName, byte[] content, Actor actor);

    /** @return the deals written; a wrong row is skipped */
    int importDeals(String fileName, byte[] content, Actor actor);
}
