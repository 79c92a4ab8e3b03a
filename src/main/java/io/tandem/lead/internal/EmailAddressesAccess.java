package io.tandem.lead.internal;

/** Lets the lead module's API answer questions about email domains without opening the normaliser itself. */
public final class EmailAddressesAccess {

    private EmailAddressesAccess() {
    }

    public static boolean isCorporate(String domain) {
        return EmailAddresses.isCorporate(domain);
    }
}
