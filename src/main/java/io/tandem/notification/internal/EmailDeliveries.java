package io.tandem.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
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

import io.tandem.security.UserContact;
import io.tandem.shared.Ids;

/**
 * Notifications by e-mail. A message is rendered in the recipient's language when its notification is written (same
 * transaction), and sent by {@link #sendDue()}: at least once, retried with growing pauses, and after the last try
 * marked FAILED for the admin to see. Without an SMTP server configured ({@code spring.mail.host}) nothing is queued.
 * People who chose a daily digest get their notifications as DIGEST rows instead, sent by {@link EmailDigests}.
 */
@Component
public class EmailDeliveries {

    private static final Logger log = LoggerFactory.getLogger(EmailDeliveries.class);
    static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final NotificationTexts texts;
    private final NotificationDetails details;
    private final DeliveryRows rows;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String from;

    /** Sends right after a message is queued, so nobody waits for the next poll; the poll remains the safety net. */
    private final java.util.concurrent.ExecutorService sendSoon = java.util.concurrent.Executors
            .newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "email-send-soon");
                thread.setDaemon(true);
                return thread;
            });
    private final java.util.concurrent.atomic.AtomicBoolean sendPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final boolean sendAtOnce;

    EmailDeliveries(JdbcClient jdbc, ObjectProvider<JavaMailSender> mailSender, NotificationTexts texts,
            NotificationDetails details, DeliveryRows rows, TransactionTemplate transactions, Clock clock,
            @Value("${tandem.mail.from:tandem@localhost}") String from,
            @Value("${tandem.notifications.delivery.enabled:true}") boolean sendAtOnce) {
        this.sendAtOnce = sendAtOnce;
        this.jdbc = jdbc;
        this.mailSender = mailSender;
        this.texts = texts;
        this.details = details;
        this.rows = rows;
        this.transactions = transactions;
        this.clock = clock;
        this.from = from;
    }

    public boolean enabled() {
        return mailSender.getIfAvailable() != null;
    }

    String from() {
        return from;
    }

    /**
     * Queues the e-mail for a notification just written, to leave at {@code notBefore} (now, or when the person's
     * quiet hours end); {@code digest}: as a part of the person's daily digest due then. Joins the caller's
     * transaction.
     */
    void enqueue(UserContact to, Inbox.Notification notification, Instant notBefore, boolean digest) {
        if (!enabled() || to.email() == null || to.email().isBlank()) {
            return;
        }
        Locale locale = to.preferredLocale();
        String sentence = texts.text(notification, locale);
        String section = section(notification, sentence, locale);
        String body = digest ? section
                : texts.message("mail.greeting", locale, to.displayName()) + "\n\n" + section + "\n"
                        + texts.message("mail.footer", locale) + "\n";
        jdbc.sql("""
                insert into notification_delivery (id, notification_id, channel, recipient, subject, body,
                                                   next_attempt_at, created_at)
                values (:id, :notification, :channel, :to, :subject, :body, :due, :now)
                on conflict (notification_id, channel) where channel_id is null do nothing
                """).param("id", Ids.next()).param("notification", notification.id())
                .param("channel", digest ? "DIGEST" : "EMAIL").param("to", to.email().strip())
                .param("subject", digest ? sentence : "[Tandem] " + sentence).param("body", body)
                .param("due", notBefore.atOffset(ZoneOffset.UTC))
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
        if (!digest && !notBefore.isAfter(clock.instant())) {
            sendAfterCommit();
        }
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

    /** The sentence, who, which company, the score, the deadline and the link: one notification's part of a mail. */
    private String section(Inbox.Notification notification, String sentence, Locale locale) {
        StringBuilder section = new StringBuilder(sentence).append("\n\n");
        for (NotificationDetails.Field field : details.of(notification, locale, true)) {
            section.append(field.label()).append(": ").append(field.value()).append('\n');
        }
        return section.append('\n').append(details.url(notification)).append('\n').toString();
    }

    private record Pending(UUID id, String recipient, String subject, String body) {
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
                select id, recipient, subject, body from notification_delivery
                where status = 'PENDING' and channel = 'EMAIL' and next_attempt_at <= :now
                order by next_attempt_at limit :limit for update skip locked
                """).param("now", now.atOffset(ZoneOffset.UTC)).param("limit", BATCH)
                .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4))).list();
        int sent = 0;
        for (Pending message : due) {
            try {
                send(sender, message.recipient(), message.subject(), message.body());
                rows.sent(List.of(message.id()), now);
                sent++;
            } catch (MailException e) {
                boolean givenUp = rows.failed(List.of(message.id()), e.getMessage(), now);
                log.warn("E-mail to {} failed{}: {}", message.recipient(), givenUp ? ", given up" : "",
                        e.getMessage());
            }
        }
        return new int[] { sent, due.size() };
    }

    void send(JavaMailSender sender, String to, String subject, String body) {
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(from);
        mail.setTo(to);
        mail.setSubject(subject);
        mail.setText(body);
        sender.send(mail);
    }
}
