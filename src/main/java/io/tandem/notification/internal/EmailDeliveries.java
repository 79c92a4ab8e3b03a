package io.tandem.notification.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadSummary;
import io.tandem.scoring.LeadScore;
import io.tandem.scoring.LeadScores;
import io.tandem.security.UserContact;
import io.tandem.security.UserDirectory;
import io.tandem.shared.Ids;

/**
 * Notifications by e-mail. A message is rendered in the recipient's language when its notification is written (same
 * transaction), and sent by {@link #sendDue()}: at least once, retried with growing pauses, and after the last try
 * marked FAILED for the admin to see. Without an SMTP server configured ({@code spring.mail.host}) nothing is queued.
 */
@Component
public class EmailDeliveries {

    private static final Logger log = LoggerFactory.getLogger(EmailDeliveries.class);
    /** Pauses before the 2nd, 3rd … try; after the last one the message is given up. */
    static final List<Duration> RETRIES = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6));
    static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final UserDirectory users;
    private final LeadDirectory leads;
    private final LeadScores scores;
    private final NotificationTexts texts;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String from;
    private final String baseUrl;

    /** Sends right after a message is queued, so nobody waits for the next poll; the poll remains the safety net. */
    private final java.util.concurrent.ExecutorService sendSoon = java.util.concurrent.Executors
            .newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "email-send-soon");
                thread.setDaemon(true);
                return thread;
            });
    private final java.util.concurrent.atomic.AtomicBoolean sendPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final boolean sendAtOnce;

    EmailDeliveries(JdbcClient jdbc, ObjectProvider<JavaMailSender> mailSender, UserDirectory users,
            LeadDirectory leads, LeadScores scores, NotificationTexts texts, TransactionTemplate transactions,
            Clock clock, @Value("${tandem.mail.from:tandem@localhost}") String from,
            @Value("${tandem.base-url:http://localhost:8080}") String baseUrl,
            @Value("${tandem.notifications.delivery.enabled:true}") boolean sendAtOnce) {
        this.sendAtOnce = sendAtOnce;
        this.jdbc = jdbc;
        this.mailSender = mailSender;
        this.users = users;
        this.leads = leads;
        this.scores = scores;
        this.texts = texts;
        this.transactions = transactions;
        this.clock = clock;
        this.from = from;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public boolean enabled() {
        return mailSender.getIfAvailable() != null;
    }

    /** Queues the e-mail for a notification just written; joins the caller's transaction. */
    void enqueue(UUID userId, Inbox.Notification notification) {
        if (!enabled()) {
            return;
        }
        Optional<UserContact> contact = users.contact(userId)
                .filter(c -> c.active() && c.email() != null && !c.email().isBlank());
        if (contact.isEmpty()) {
            return;
        }
        Locale locale = contact.get().preferredLocale();
        String sentence = texts.text(notification, locale);
        Instant now = clock.instant();
        jdbc.sql("""
                insert into notification_delivery (id, notification_id, channel, recipient, subject, body,
                                                   next_attempt_at, created_at)
                values (:id, :notification, 'EMAIL', :to, :subject, :body, :now, :now)
                on conflict (notification_id, channel) do nothing
                """).param("id", Ids.next()).param("notification", notification.id())
                .param("to", contact.get().email().strip()).param("subject", "[Tandem] " + sentence)
                .param("body", body(contact.get(), notification, sentence, locale))
                .param("now", now.atOffset(ZoneOffset.UTC)).update();
        sendAfterCommit();
    }

    /** Many messages queued at once start one sending round, which takes them all. */
    private void sendAfterCommit() {
        if (!sendAtOnce || !org.springframework.transaction.support.TransactionSynchronizationManager
                .isSynchronizationActive()) {
            return;
        }
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        if (sendPending.compareAndSet(false, true)) {
                            sendSoon.execute(() -> {
                                sendPending.set(false);
                                try {
                                    sendDue();
                                } catch (RuntimeException e) {
                                    log.warn("Sending queued e-mails failed; the next poll tries again", e);
                                }
                            });
                        }
                    }
                });
    }

    @jakarta.annotation.PreDestroy
    void stopSending() {
        sendSoon.shutdownNow();
    }

    /** What the person needs to act without opening Tandem first: who, which company, the score, the link. */
    private String body(UserContact to, Inbox.Notification notification, String sentence, Locale locale) {
        StringBuilder body = new StringBuilder();
        body.append(texts.message("mail.greeting", locale, to.displayName())).append("\n\n");
        body.append(sentence).append("\n\n");
        if (notification.leadId() != null) {
            LeadSummary lead = leads.summaries(List.of(notification.leadId())).get(notification.leadId());
            if (lead != null) {
                line(body, texts.message("mail.lead", locale), lead.name());
                line(body, texts.message("mail.company", locale), lead.company());
                line(body, texts.message("mail.title", locale), lead.title());
                line(body, texts.message("mail.phone", locale), lead.phone());
                line(body, texts.message("mail.email", locale), lead.email());
                scores.of(lead.id()).ifPresent((LeadScore score) -> line(body, texts.message("mail.score", locale),
                        score.grade() + " · " + Math.round(score.engagementNow())));
            }
        }
        if (!notification.param("due").isEmpty()) {
            line(body, texts.message("mail.due", locale),
                    texts.dateTime(Instant.parse(notification.param("due"))));
        }
        body.append('\n').append(baseUrl).append(notification.link()).append("\n\n");
        body.append(texts.message("mail.footer", locale)).append('\n');
        return body.toString();
    }

    private static void line(StringBuilder body, String label, String value) {
        if (value != null && !value.isBlank()) {
            body.append(label).append(": ").append(value).append('\n');
        }
    }

    private record Pending(UUID id, String recipient, String subject, String body, int attempts) {
    }

    /** Sends what is due, a batch per transaction; each instance takes other rows. @return how many were sent */
    public int sendDue() {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            return 0;
        }
        int sent = 0;
        int batch;
        do {
            int[] result = transactions.execute(tx -> sendBatch(sender));
            sent += result[0];
            batch = result[1];
        } while (batch == BATCH);
        return sent;
    }

    private int[] sendBatch(JavaMailSender sender) {
        Instant now = clock.instant();
        List<Pending> due = jdbc.sql("""
                select id, recipient, subject, body, attempts from notification_delivery
                where status = 'PENDING' and next_attempt_at <= :now
                order by next_attempt_at limit :limit for update skip locked
                """).param("now", now.atOffset(ZoneOffset.UTC)).param("limit", BATCH)
                .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5))).list();
        int sent = 0;
        for (Pending message : due) {
            try {
                SimpleMailMessage mail = new SimpleMailMessage();
                mail.setFrom(from);
                mail.setTo(message.recipient());
                mail.setSubject(message.subject());
                mail.setText(message.body());
                sender.send(mail);
                jdbc.sql("""
                        update notification_delivery set status = 'SENT', attempts = attempts + 1, sent_at = :now,
                                                         next_attempt_at = null, last_error = null
                        where id = :id
                        """).param("now", now.atOffset(ZoneOffset.UTC)).param("id", message.id()).update();
                sent++;
            } catch (MailException e) {
                int attempts = message.attempts() + 1;
                boolean givenUp = attempts > RETRIES.size();
                jdbc.sql("""
                        update notification_delivery set status = :status, attempts = :attempts, last_error = :error,
                                                         next_attempt_at = :next
                        where id = :id
                        """).param("status", givenUp ? "FAILED" : "PENDING").param("attempts", attempts)
                        .param("error", e.getMessage())
                        .param("next", givenUp ? null : now.plus(RETRIES.get(attempts - 1)).atOffset(ZoneOffset.UTC))
                        .param("id", message.id()).update();
                log.warn("E-mail to {} failed (try {}{}): {}", message.recipient(), attempts,
                        givenUp ? ", given up" : "", e.getMessage());
            }
        }
        return new int[] { sent, due.size() };
    }

    /** A delivery as the admin's page shows it. */
    public record Delivery(UUID id, String channel, String recipient, String subject, String status, int attempts,
            String lastError, Instant createdAt, Instant nextAttemptAt) {
    }

    public List<Delivery> troubled(int limit) {
        return jdbc.sql("""
                select id, channel, recipient, subject, status, attempts, last_error, created_at, next_attempt_at
                from notification_delivery where status = 'FAILED' or (status = 'PENDING' and attempts > 0)
                order by created_at desc limit :limit
                """).param("limit", limit).query((rs, n) -> new Delivery(rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                        rs.getString(7), rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant())).list();
    }

    /** The admin sends a failed message once more. */
    public boolean retry(UUID id) {
        return jdbc.sql("""
                update notification_delivery set status = 'PENDING', next_attempt_at = :now
                where id = :id and status = 'FAILED'
                """).param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", id).update() == 1;
    }
}
