package io.tandem.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.security.UserContact;
import io.tandem.shared.Ids;

/**
 * Notifications by text message to the person's mobile number, for the kinds they switched on: queued with the
 * notification, sent through the configured {@link SmsProvider} with the same retries as e-mail.
 */
@Component
public class SmsDeliveries {

    private static final Logger log = LoggerFactory.getLogger(SmsDeliveries.class);
    static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final SmsProvider provider;
    private final NotificationTexts texts;
    private final NotificationDetails details;
    private final DeliveryRows rows;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SmsDeliveries(JdbcClient jdbc, SmsProvider provider, NotificationTexts texts, NotificationDetails details,
            DeliveryRows rows, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.provider = provider;
        this.texts = texts;
        this.details = details;
        this.rows = rows;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A short text: the sentence and the link; joins the caller's transaction. */
    void enqueue(UserContact to, Inbox.Notification notification, Instant notBefore) {
        if (to.mobile() == null || to.mobile().isBlank()) {
            return;
        }
        Locale locale = to.preferredLocale();
        String sentence = texts.text(notification, locale);
        jdbc.sql("""
                insert into notification_delivery (id, notification_id, channel, recipient, subject, body,
                                                   next_attempt_at, created_at)
                values (:id, :notification, 'SMS', :to, :subject, :body, :due, :now)
                on conflict (notification_id, channel) where channel_id is null do nothing
                """).param("id", Ids.next()).param("notification", notification.id()).param("to", to.mobile())
                .param("subject", sentence).param("body", "【Tandem】" + sentence + " " + details.url(notification))
                .param("due", notBefore.atOffset(ZoneOffset.UTC))
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
    }

    private record Pending(UUID id, String to, String text) {
    }

    /** @return how many texts were sent */
    public int sendDue() {
        int sent = 0;
        int[] result;
        do {
            result = transactions.execute(tx -> sendBatch());
            sent += result[0];
        } while (result[1] == BATCH);
        return sent;
    }

    private int[] sendBatch() {
        Instant now = clock.instant();
        List<Pending> due = jdbc.sql("""
                select id, recipient, body from notification_delivery
                where status = 'PENDING' and channel = 'SMS' and next_attempt_at <= :now
                order by next_attempt_at limit :limit for update skip locked
                """).param("now", now.atOffset(ZoneOffset.UTC)).param("limit", BATCH)
                .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .list();
        int sent = 0;
        for (Pending text : due) {
            try {
                provider.send(text.to(), text.text());
                rows.sent(List.of(text.id()), now);
                sent++;
            } catch (SmsProvider.SmsException e) {
                if (e.retryAfter() != null) {
                    // The gateway asked for a pause: this text waits without losing a try, the rest of the batch
                    // waits for the next round.
                    rows.rateLimited(List.of(text.id()), e.getMessage(), now.plus(e.retryAfter()));
                    log.info("SMS gateway asks to wait {}: {}", e.retryAfter(), e.getMessage());
                    return new int[] { sent, 0 };
                }
                boolean givenUp = rows.failed(List.of(text.id()), e.getMessage(), now);
                log.warn("SMS to {} failed{}: {}", text.to(), givenUp ? ", given up" : "", e.getMessage());
            }
        }
        return new int[] { sent, due.size() };
    }
}
