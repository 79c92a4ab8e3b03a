package io.tandem.notification.internal;

import java.util.List;

/**
 * Every kind of notification, in the order settings pages list them. A kind someone writes must be listed here to be
 * offered on the settings pages; without that it still reaches the inbox and e-mail, just not a group robot or SMS.
 */
public final class NotificationKinds {

    public static final List<String> ALL = List.of("TRANSFERRED_TO_YOU", "ASSIGNED_TO_YOU", "BECAME_MQL",
            "TRANSFER_ACCEPTED", "TRANSFER_REJECTED", "SLA_REMINDER", "SLA_BREACHED", "SLA_ESCALATED",
            "SLA_TAKEN_BACK", "CRM_DELIVERY_FAILED");

    private NotificationKinds() {
    }

    public static boolean known(String kind) {
        return ALL.contains(kind);
    }
}
