package io.tandem.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.security.UserContact;
import io.tandem.security.UserDirectory;

/**
 * The daily digest: every DIGEST row of a person that is due (they all fall due at the person's digest hour) goes out
 * as one e-mail, and the rows share its fate — sent together, retried together.
 */
@Component
public class EmailDigests {

    private static final Logger log = LoggerFactory.getLogger(EmailDigests.class);
    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final EmailDeliveries email;
    private final UserDirectory users;
    private final NotificationTexts texts;
    private final DeliveryRows rows;
    private final TransactionTemplate transactions;
    private final Clock clock;

    EmailDigests(JdbcClient jdbc, ObjectProvider<JavaMailSender> mailSender, EmailDeliveries email,
            UserDirectory users, NotificationTexts texts, DeliveryRows rows, TransactionTemplate transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.mailSender = mailSender;
        this.email = email;
        this.users = users;
        this.texts = texts;
        this.rows = rows;
        this.transactions = transactions;
        this.clock = clock;
    }

    private record Part(UUID id, String recipient, String body, UUID userId) {
    }

    /** @return how many digests were sent */
    public int sendDue() {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            return 0;
        }
        int sent = 0;
        int[] result;
        do {
            result = transactions.execute(tx -> sendBatch(sender));
            sent += result[0];
        } while (result[1] == BATCH);
        return sent;
    }

    private int[] sendBatch(JavaMailSender sender) {
        Instant now = clock.instant();
        List<Part> due = jdbc.sql("""
                select d.id, d.recipient, d.body, n.user_id from notification_delivery d
                join notification n on n.id = d.notification_id
                where d.status = 'PENDING' and d.channel = 'DIGEST' and d.next_attempt_at <= :now
                order by d.recipient, d.created_at limit :limit for update of d skip locked
                """).param("now", now.atOffset(ZoneOffset.UTC)).param("limit", BATCH)
                .query((rs, n) -> new Part(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class))).list();
        Map<String, List<Part>> byRecipient = new LinkedHashMap<>();
        due.forEach(part -> byRecipient.computeIfAbsent(part.recipient(), r -> new ArrayList<>()).add(part));
        int sent = 0;
        for (Map.Entry<String, List<Part>> digest : byRecipient.entrySet()) {
            List<Part> parts = digest.getValue();
            List<UUID> ids = parts.stream().map(Part::id).toList();
            UserContact to = users.contact(parts.get(0).userId()).orElse(null);
            Locale locale = to == null ? Locale.SIMPLIFIED_CHINESE : to.preferredLocale();
            String subject = "[Tandem] " + texts.message("mail.digest.subject", locale, parts.size(),
                    texts.date(now));
            StringBuilder body = new StringBuilder();
            body.append(texts.message("mail.greeting", locale, to == null ? "" : to.displayName())).append("\n\n");
            body.append(texts.message("mail.digest.intro", locale, parts.size())).append("\n\n");
            for (Part part : parts) {
                body.append("——\n").append(part.body()).append('\n');
            }
            body.append(texts.message("mail.footer", locale)).append('\n');
            try {
                email.send(sender, digest.getKey(), subject, body.toString());
                rows.sent(ids, now);
                sent++;
            } catch (MailException e) {
                boolean givenUp = rows.failed(ids, e.getMessage(), now);
                log.warn("Digest to {} failed{}: {}", digest.getKey(), givenUp ? ", given up" : "", e.getMessage());
            }
        }
        return new int[] { sent, due.size() };
    }
}
