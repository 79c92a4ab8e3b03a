package io.tandem.shared;

import java.util.UUID;

/**
 * Who did something and from where: a person in the browser, a machine client with an API token, a public form, or
 * Tandem itself. Carried into history and audit rows.
 *
 * @param userId the user behind the action; {@code null} for public forms and the system
 * @param name what the audit shows, e.g. {@code li.na} or {@code token:crm-sync (li.na)}
 * @param origin the client address, or a channel such as {@code system}
 */
public record Actor(UUID userId, String name, String origin) {

    public static final Actor SYSTEM = new Actor(null, "system", "system");

    public static Actor publicForm(String formKey, String clientAddress) {
        return new Actor(null, "form:" + formKey, clientAddress);
    }

    public Actor withName(String newName) {
        return new Actor(userId, newName, origin);
    }
}
