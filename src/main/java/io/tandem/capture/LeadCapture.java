package io.tandem.capture;

import java.util.List;

import io.tandem.lead.CaptureContext;
import io.tandem.lead.IntakeResult;

/** The one door for leads from every channel: intake plus campaign membership, in the caller's transaction. */
public interface LeadCapture {

    IntakeResult capture(List<CaptureItem> items, CaptureContext context);
}
