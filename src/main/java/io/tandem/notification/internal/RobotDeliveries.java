package io.tandem.notification.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.shared.Ids;

/**
 * Notifications in group chats. Each notification a channel forwards becomes one row, written with the notification;
 * the dispatcher sends a channel at most one message per its platform's interval ({@link RobotKind#minInterval()}: 3 s
 * for WeCom and DingTalk, which take 20 a minute; 0.6 s for Feishu; 1 s for Slack — or
 * {@code tandem.notifications.robots.min-interval} for all) and puts everything then pending for it into that message. A rate-limit answer
 * pauses the channel — for as long as the platform says — and the rows wait, untouched; other errors count as tries
 * of every row in the message.
 */
@Component
public class RobotDeliveries {

    private static final Logger log = LoggerFactory.getLogger(RobotDeliveries.class);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Slack takes at most 50 blocks; more lines than this would not be read in a chat anyway. */
    static final int MAX_ENTRIES = 20;

    private final JdbcClient jdbc;
    private final RobotChannels channels;
    private final NotificationTexts texts;
    private final NotificationDetails details;
    private final DeliveryRows rows;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration minInterval;

    RobotDeliveries(JdbcClient jdbc, RobotChannels channels, NotificationTexts texts, NotificationDetails details,
            DeliveryRows rows, TransactionTemplate transactions, Clock clock,
            @Value("${tandem.notifications.robots.min-interval:}") Duration minInterval) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.texts = texts;
        this.details = details;
        this.rows = rows;
        this.transactions = transactions;
        this.clock = clock;
        // empty: each platform's own limit (RobotKind); set: the same pause for every robot
        this.minInterval = minInterval == null || minInterval.isNegative() || minInterval.isZero() ? null
                : minInterval;
    }

    /**
     * Queues the notification for every channel that forwards its kind for the recipient's team, rendered in each
     * channel's language; joins the caller's transaction.
     */
    void enqueue(UUID teamId, String recipientName, Inbox.Notification notification) {
        for (RobotChannel channel : channels.forwarding(notification.kind(), teamId)) {
            Locale locale = channel.locale();
            String sentence = texts.text(notification, locale);
            List<NotificationDetails.Field> fields = new ArrayList<>();
            fields.add(new NotificationDetails.Field(texts.message("robot.for", locale), recipientName));
            fields.addAll(details.of(notification, locale, false));
            RobotEntry entry = new RobotEntry(sentence, fields, details.url(notification),
                    texts.message("robot.open", locale));
            Instant now = clock.instant();
            jdbc.sql("""
                    insert into notification_delivery (id, notification_id, channel, channel_id, recipient, subject,
                                                       body, next_attempt_at, created_at)
                    values (:id, :notification, 'IM', :channel, :name, :subject, :body, :now, :now)
                    on conflict (notification_id, channel_id) where channel_id is not null do nothing
                    """).param("id", Ids.next()).param("notification", notification.id())
                    .param("channel", channel.id()).param("name", channel.name()).param("subject", sentence)
                    .param("body", entry.toJson()).param("now", now.atOffset(ZoneOffset.UTC)).update();
        }
    }

    /** Sends each channel's next message, if it is due; any number of instances may share the work. */
    public int sendDue() {
        Set<UUID> done = new HashSet<>();
        int sent = 0;
        while (true) {
            Optional<Outcome> outcome = transactions.execute(tx -> sendNext(done));
            if (outcome.isEmpty()) {
                return sent;
            }
            done.add(outcome.get().channelId());
            if (outcome.get().delivered()) {
                sent++;
            }
        }
    }

    private record Outcome(UUID channelId, boolean delivered) {
    }

    private record Pending(UUID id, RobotEntry entry) {
    }

    private Optional<Outcome> sendNext(Set<UUID> done) {
        Instant now = clock.instant();
        Optional<UUID> next = jdbc.sql("""
                select c.id from notification_channel c
                where c.active and (c.next_send_at is null or c.next_send_at <= :now) and c.id <> all (:done)
                  and exists (select 1 from notification_delivery d
                              where d.channel_id = c.id and d.status = 'PENDING' and d.next_attempt_at <= :now)
                order by c.next_send_at nulls first, c.id
                limit 1 for update skip locked
                """).param("now", now.atOffset(ZoneOffset.UTC)).param("done", done.toArray(UUID[]::new))
                .query(UUID.class).optional();
        if (next.isEmpty()) {
            return Optional.empty();
        }
        RobotChannel channel = channels.find(next.get()).orElseThrow();
        List<Pending> pending = jdbc.sql("""
                select id, body from notification_delivery
                where channel_id = :channel and status = 'PENDING' and next_attempt_at <= :now
                order by created_at, id limit :limit for update
                """).param("channel", channel.id()).param("now", now.atOffset(ZoneOffset.UTC))
                .param("limit", MAX_ENTRIES)
                .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), RobotEntry.fromJson(rs.getString(2))))
                .list();
        RobotPlatforms.Platform platform = RobotPlatforms.of(channel.kind());
        List<Pending> batch = pending;
        String body = body(platform, channel, batch, now);
        // The longest run of the oldest entries that fits the platform's size limit; the rest follow in later
        // messages. A single entry goes out as it is.
        while (batch.size() > 1 && body.getBytes(StandardCharsets.UTF_8).length > platform.maxBytes()) {
            batch = batch.subList(0, batch.size() - 1);
            body = body(platform, channel, batch, now);
        }
        List<UUID> ids = batch.stream().map(Pending::id).toList();
        Duration minInterval = this.minInterval != null ? this.minInterval : channel.kind().minInterval();
        RobotAnswers answer = post(platform, channel, body, now);
        if (answer instanceof RobotAnswers.Delivered) {
            rows.sent(ids, now);
            channels.sent(channel.id(), now, now.plus(minInterval), null);
        } else if (answer instanceof RobotAnswers.RateLimited limited) {
            Duration pause = limited.pause().compareTo(minInterval) > 0 ? limited.pause() : minInterval;
            String error = "rate limited, paused " + pause.toSeconds() + " s: " + limited.error();
            rows.rateLimited(ids, error, null);
            channels.sent(channel.id(), now, now.plus(pause), error);
            log.info("{} robot '{}' is rate limited; {} messages wait {}", channel.kind(), channel.name(),
                    ids.size(), pause);
        } else {
            String error = ((RobotAnswers.Failed) answer).error();
            boolean givenUp = rows.failed(ids, error, now);
            channels.sent(channel.id(), now, now.plus(minInterval), error);
            log.warn("{} robot '{}' refused {} messages{}: {}", channel.kind(), channel.name(), ids.size(),
                    givenUp ? " (given up)" : "", error);
        }
        return Optional.of(new Outcome(channel.id(), answer instanceof RobotAnswers.Delivered));
    }

    private String body(RobotPlatforms.Platform platform, RobotChannel channel, List<Pending> batch, Instant now) {
        String title = texts.message("robot.title", channel.locale(), batch.size());
        return platform.body(channel, title, batch.stream().map(Pending::entry).toList(), now);
    }

    private static RobotAnswers post(RobotPlatforms.Platform platform, RobotChannel channel, String body,
            Instant now) {
        try {
            HttpRequest request = HttpRequest.newBuilder(platform.uri(channel, now)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            return platform.answer(CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return new RobotAnswers.Failed("unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RobotAnswers.Failed("interrupted");
        }
    }
}
