package io.tandem.notification.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadSummary;
import io.tandem.scoring.LeadScores;

/**
 * What a message outside Tandem says besides its sentence, so the person can act without opening Tandem first: the
 * lead and its company, the score, the deadline, and the address of the page to act on.
 */
@Component
class NotificationDetails {

    /** One labelled line, e.g. "Company: 星河制药". */
    record Field(String label, String value) {
    }

    private final LeadDirectory leads;
    private final LeadScores scores;
    private final NotificationTexts texts;
    private final String baseUrl;

    NotificationDetails(LeadDirectory leads, LeadScores scores, NotificationTexts texts,
            @Value("${tandem.base-url:http://localhost:8080}") String baseUrl) {
        this.leads = leads;
        this.scores = scores;
        this.texts = texts;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * The lines in the reader's language. {@code contactDetails}: with the lead's title, phone and e-mail — for a
     * message to one person, not for a group chat.
     */
    List<Field> of(Inbox.Notification notification, Locale locale, boolean contactDetails) {
        List<Field> fields = new ArrayList<>();
        if (notification.leadId() != null) {
            LeadSummary lead = leads.summaries(List.of(notification.leadId())).get(notification.leadId());
            if (lead != null) {
                add(fields, texts.message("mail.lead", locale), lead.name());
                add(fields, texts.message("mail.company", locale), lead.company());
                if (contactDetails) {
                    add(fields, texts.message("mail.title", locale), lead.title());
                    add(fields, texts.message("mail.phone", locale), lead.phone());
                    add(fields, texts.message("mail.email", locale), lead.email());
                }
                scores.of(lead.id()).ifPresent(score -> add(fields, texts.message("mail.score", locale),
                        score.grade() + " · " + Math.round(score.engagementNow())));
            }
        }
        if (!notification.param("due").isEmpty()) {
            add(fields, texts.message("mail.due", locale), texts.dateTime(Instant.parse(notification.param("due"))));
        }
        return fields;
    }

    String url(Inbox.Notification notification) {
        return baseUrl + notification.link();
    }

    private static void add(List<Field> fields, String label, String value) {
        if (value != null && !value.isBlank()) {
            fields.add(new Field(label, value));
        }
    }
}
