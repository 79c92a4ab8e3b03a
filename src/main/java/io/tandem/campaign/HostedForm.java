package io.tandem.campaign;

import java.util.UUID;

/** The public form of a campaign, posted to {@code /f/{formKey}}. */
public record HostedForm(String formKey, UUID campaignId, String campaignName, String thankYouUrl,
        String consentText, String consentTextVersion) {
}
