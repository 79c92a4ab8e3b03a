package io.tandem.notification.internal;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.Ids;
import io.tandem.shared.NotFoundException;

/** The group robots admins set up. */
@Component
public class RobotChannels {

    public static final List<String> LANGUAGES = List.of("zh-CN", "en");

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    RobotChannels(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What the admin's form sends. A blank {@code webhookUrl} or {@code secret} on an existing channel keeps the
     * stored one, since the page never shows them back.
     */
    public record Change(RobotKind kind, String name, String webhookUrl, String secret, UUID teamId,
            Collection<String> kinds, String language, boolean active) {
    }

    public List<RobotChannel> all() {
        return jdbc.sql("select * from notification_channel order by name, id").query(RobotChannels::channel).list();
    }

    public Optional<RobotChannel> find(UUID id) {
        return jdbc.sql("select * from notification_channel where id = :id").param("id", id)
                .query(RobotChannels::channel).optional();
    }

    /** The active channels that forward this kind of notification addressed to a member of {@code teamId}. */
    List<RobotChannel> forwarding(String kind, UUID teamId) {
        return jdbc.sql("""
                select * from notification_channel
                where active and :kind = any (kinds) and (team_id is null or team_id = :team)
                order by name, id
                """).param("kind", kind).param("team", teamId).query(RobotChannels::channel).list();
    }

    @Transactional
    public UUID create(Change change, Actor actor) {
        List<FieldProblem> problems = check(change, true);
        if (!problems.isEmpty()) {
            throw refused(problems);
        }
        UUID id = Ids.next();
        jdbc.sql("""
                insert into notification_channel (id, kind, name, webhook_url, secret, team_id, kinds, language,
                                                  active, created_at)
                values (:id, :kind, :name, :url, :secret, :team, :kinds, :language, :active, :now)
                """).param("id", id).param("kind", change.kind().name()).param("name", change.name().strip())
                .param("url", change.webhookUrl().strip()).param("secret", secret(change))
                .param("team", change.teamId()).param("kinds", kinds(change)).param("language", change.language())
                .param("active", change.active()).param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
        audit.record(actor, AuditAction.CREATED, "notification_channel", id, change.kind() + " " + change.name());
        return id;
    }

    @Transactional
    public void update(UUID id, Change change, Actor actor) {
        RobotChannel existing = find(id).orElseThrow(() -> new NotFoundException("Channel", id));
        List<FieldProblem> problems = check(change, false);
        if (!problems.isEmpty()) {
            throw refused(problems);
        }
        String url = blank(change.webhookUrl()) ? existing.webhookUrl() : change.webhookUrl().strip();
        String secret = change.kind().signed() ? (blank(change.secret()) ? existing.secret() : secret(change)) : null;
        jdbc.sql("""
                update notification_channel set kind = :kind, name = :name, webhook_url = :url, secret = :secret,
                    team_id = :team, kinds = :kinds, language = :language, active = :active
                where id = :id
                """).param("kind", change.kind().name()).param("name", change.name().strip()).param("url", url)
                .param("secret", secret).param("team", change.teamId()).param("kinds", kinds(change))
                .param("language", change.language()).param("active", change.active()).param("id", id).update();
        audit.record(actor, AuditAction.UPDATED, "notification_channel", id, change.kind() + " " + change.name()
                + (change.active() ? "" : " (off)"));
    }

    /** Removes the channel and what still waited to be sent through it. */
    @Transactional
    public void delete(UUID id, Actor actor) {
        RobotChannel existing = find(id).orElseThrow(() -> new NotFoundException("Channel", id));
        jdbc.sql("delete from notification_channel where id = :id").param("id", id).update();
        audit.record(actor, AuditAction.DELETED, "notification_channel", id, existing.kind() + " " + existing.name());
    }

    /** After a message: the next one may follow at {@code next}; {@code error} is null after a success. */
    void sent(UUID id, Instant now, Instant next, String error) {
        jdbc.sql("""
                update notification_channel set next_send_at = :next, last_error = :error,
                    last_sent_at = case when :error::text is null then :now else last_sent_at end
                where id = :id
                """).param("next", next.atOffset(ZoneOffset.UTC)).param("error", error)
                .param("now", now.atOffset(ZoneOffset.UTC)).param("id", id).update();
    }

    private static List<FieldProblem> check(Change change, boolean creating) {
        List<FieldProblem> problems = new ArrayList<>();
        if (change.kind() == null) {
            problems.add(FieldProblem.of("kind", "channel.kind"));
        }
        if (blank(change.name())) {
            problems.add(FieldProblem.of("name", "channel.required"));
        } else if (change.name().strip().length() > 100) {
            problems.add(FieldProblem.of("name", "text.tooLong", 100));
        }
        if (blank(change.webhookUrl())) {
            if (creating) {
                problems.add(FieldProblem.of("webhookUrl", "channel.required"));
            }
        } else if (!webAddress(change.webhookUrl().strip())) {
            problems.add(FieldProblem.of("webhookUrl", "channel.url", change.webhookUrl().strip()));
        }
        if (change.kinds() == null || change.kinds().stream().noneMatch(NotificationKinds::known)) {
            problems.add(FieldProblem.of("kinds", "channel.kinds"));
        }
        if (!LANGUAGES.contains(change.language())) {
            problems.add(FieldProblem.of("language", "channel.language"));
        }
        return problems;
    }

    private static boolean webAddress(String url) {
        try {
            URI uri = URI.create(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && url.length() <= 2000;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static BadInputException refused(List<FieldProblem> problems) {
        return new BadInputException(problems.get(0).field() + ": " + problems.get(0).message(), problems);
    }

    private static String secret(RobotChannels.Change change) {
        return change.kind() != null && change.kind().signed() && !blank(change.secret()) ? change.secret().strip()
                : null;
    }

    private static String[] kinds(Change change) {
        Set<String> kinds = new LinkedHashSet<>(change.kinds());
        kinds.retainAll(NotificationKinds.ALL);
        return kinds.toArray(String[]::new);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static RobotChannel channel(ResultSet rs, int row) throws SQLException {
        return new RobotChannel(rs.getObject("id", UUID.class), RobotKind.valueOf(rs.getString("kind")),
                rs.getString("name"), rs.getString("webhook_url"), rs.getString("secret"),
                rs.getObject("team_id", UUID.class),
                new LinkedHashSet<>(List.of((String[]) rs.getArray("kinds").getArray())), rs.getString("language"),
                rs.getBoolean("active"), instant(rs, "next_send_at"), instant(rs, "last_sent_at"),
                rs.getString("last_error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
