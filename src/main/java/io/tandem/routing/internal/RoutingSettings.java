package io.tandem.routing.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.routing.internal.RoutingRule.Target;
import io.tandem.security.UserDirectory;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.Ids;
import io.tandem.shared.NotFoundException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The admin's routing set-up: rules in order, round-robin pools and their members, who is out of office. */
@Service
public class RoutingSettings implements io.tandem.routing.RoutingSetup {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final AuditLog audit;
    private final Clock clock;

    RoutingSettings(JdbcClient jdbc, UserDirectory users, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional
    public UUID everyMqlToPool(String ruleName, String poolName, java.util.Map<UUID, Integer> weights, Actor actor) {
        java.util.Optional<UUID> existing = jdbc.sql("select id from routing_pool where lower(name) = lower(:name)")
                .param("name", poolName).query(UUID.class).optional();
        if (existing.isPresent()) {
            // set up before (demo data loaded twice): leave it as the admin may have changed it since
            return existing.get();
        }
        UUID pool = createPool(poolName, actor);
        weights.forEach((user, weight) -> saveMember(pool, user, weight, null, null, actor));
        saveRule(null, ruleName, List.of(), Target.POOL, null, pool, true, actor);
        return pool;
    }

    public List<RoutingRule> rules() {
        return jdbc.sql("""
                select id, position, name, conditions::text, target_kind, target_user_id, target_pool_id, active
                from routing_rule order by position, name
                """).query((rs, n) -> new RoutingRule(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
                        JSON.readValue(rs.getString(4), new TypeReference<List<RoutingCondition>>() { }),
                        Target.valueOf(rs.getString(5)), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class),
                        rs.getBoolean(8))).list();
    }

    /** Adds a rule at the end, or changes one; conditions with an empty field are left out. */
    @Transactional
    public UUID saveRule(UUID id, String name, List<RoutingCondition> conditions, Target target, UUID userId,
            UUID poolId, boolean active, Actor actor) {
        List<RoutingCondition> written = conditions.stream()
                .filter(c -> c.field() != null && !c.field().isBlank()).toList();
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(FieldProblem.of("name", "routing.name"));
        }
        for (int i = 0; i < written.size(); i++) {
            String problem = written.get(i).problem();
            if (problem != null) {
                problems.add(FieldProblem.of("conditions[" + i + "]", problem, written.get(i).field()));
            }
        }
        if (target == null) {
            problems.add(FieldProblem.of("target", "routing.target"));
        } else if (target == Target.USER && (userId == null || users.find(userId).isEmpty())) {
            problems.add(FieldProblem.of("user", "routing.user"));
        } else if (target == Target.POOL && (poolId == null || pool(poolId) == null)) {
            problems.add(FieldProblem.of("pool", "routing.pool"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException("The routing rule is not valid", problems);
        }
        UUID ruleId = id == null ? Ids.next() : id;
        jdbc.sql("""
                insert into routing_rule (id, position, name, conditions, target_kind, target_user_id, target_pool_id,
                                          active, updated_at)
                values (:id, (select coalesce(max(position), 0) + 1 from routing_rule), :name, cast(:conditions as jsonb),
                        :target, :user, :pool, :active, :now)
                on conflict (id) do update set name = excluded.name, conditions = excluded.conditions,
                    target_kind = excluded.target_kind, target_user_id = excluded.target_user_id,
                    target_pool_id = excluded.target_pool_id, active = excluded.active, updated_at = excluded.updated_at
                """).param("id", ruleId).param("name", name.strip()).param("conditions", JSON.writeValueAsString(written))
                .param("target", target.name()).param("user", target == Target.USER ? userId : null)
                .param("pool", target == Target.POOL ? poolId : null).param("active", active)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
        audit.record(actor, id == null ? AuditAction.CREATED : AuditAction.UPDATED, "routing_rule", ruleId,
                name.strip() + " → " + target);
        return ruleId;
    }

    /** Moves a rule one place up (earlier) or down. */
    @Transactional
    public void move(UUID ruleId, boolean up, Actor actor) {
        List<RoutingRule> rules = rules();
        int index = indexOf(rules, ruleId);
        int other = up ? index - 1 : index + 1;
        if (other < 0 || other >= rules.size()) {
            return;
        }
        List<RoutingRule> reordered = new ArrayList<>(rules);
        reordered.set(index, rules.get(other));
        reordered.set(other, rules.get(index));
        for (int i = 0; i < reordered.size(); i++) {
            jdbc.sql("update routing_rule set position = :position where id = :id").param("position", i + 1)
                    .param("id", reordered.get(i).id()).update();
        }
        audit.record(actor, AuditAction.UPDATED, "routing_rule", ruleId, up ? "moved up" : "moved down");
    }

    @Transactional
    public void deleteRule(UUID ruleId, Actor actor) {
        if (jdbc.sql("delete from routing_rule where id = :id").param("id", ruleId).update() == 0) {
            throw new NotFoundException("Routing rule", ruleId);
        }
        audit.record(actor, AuditAction.DELETED, "routing_rule", ruleId, "deleted");
    }

    private static int indexOf(List<RoutingRule> rules, UUID ruleId) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(ruleId)) {
                return i;
            }
        }
        throw new NotFoundException("Routing rule", ruleId);
    }

    public record Pool(UUID id, String name, List<Member> members) {
    }

    public record Member(UUID userId, int weight, Integer dailyCap, Integer capacity, long assignedTotal) {
    }

    public List<Pool> pools() {
        return jdbc.sql("select id, name from routing_pool order by name").query((rs, n) -> new Pool(
                rs.getObject(1, UUID.class), rs.getString(2), members(rs.getObject(1, UUID.class)))).list();
    }

    public Pool pool(UUID poolId) {
        return jdbc.sql("select id, name from routing_pool where id = :id").param("id", poolId)
                .query((rs, n) -> new Pool(rs.getObject(1, UUID.class), rs.getString(2), members(poolId)))
                .optional().orElse(null);
    }

    List<Member> members(UUID poolId) {
        return jdbc.sql("""
                select user_id, weight, daily_cap, capacity, assigned_total from routing_pool_member
                where pool_id = :pool order by user_id
                """).param("pool", poolId).query((rs, n) -> new Member(rs.getObject(1, UUID.class), rs.getInt(2),
                        (Integer) rs.getObject(3), (Integer) rs.getObject(4), rs.getLong(5))).list();
    }

    @Transactional
    public UUID createPool(String name, Actor actor) {
        if (name == null || name.isBlank()) {
            throw BadInputException.of(FieldProblem.of("name", "routing.name"));
        }
        UUID id = Ids.next();
        try {
            jdbc.sql("insert into routing_pool (id, name, created_at) values (:id, :name, :now)").param("id", id)
                    .param("name", name.strip()).param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
        } catch (DuplicateKeyException e) {
            throw BadInputException.of(FieldProblem.of("name", "routing.poolTaken", name.strip()));
        }
        audit.record(actor, AuditAction.CREATED, "routing_pool", id, name.strip());
        return id;
    }

    /** Adds a person to a pool or changes their weight, daily cap and capacity (blank: no limit). */
    @Transactional
    public void saveMember(UUID poolId, UUID userId, int weight, Integer dailyCap, Integer capacity, Actor actor) {
        if (pool(poolId) == null) {
            throw new NotFoundException("Routing pool", poolId);
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (userId == null || users.find(userId).filter(u -> u.active()).isEmpty()) {
            problems.add(FieldProblem.of("user", "routing.user"));
        }
        if (weight < 1 || weight > 100) {
            problems.add(FieldProblem.of("weight", "routing.weight"));
        }
        if (dailyCap != null && dailyCap < 1) {
            problems.add(FieldProblem.of("dailyCap", "routing.positive"));
        }
        if (capacity != null && capacity < 1) {
            problems.add(FieldProblem.of("capacity", "routing.positive"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException("The pool member is not valid", problems);
        }
        jdbc.sql("""
                insert into routing_pool_member (pool_id, user_id, weight, daily_cap, capacity)
                values (:pool, :user, :weight, :cap, :capacity)
                on conflict (pool_id, user_id) do update set weight = excluded.weight, daily_cap = excluded.daily_cap,
                    capacity = excluded.capacity
                """).param("pool", poolId).param("user", userId).param("weight", weight).param("cap", dailyCap)
                .param("capacity", capacity).update();
        audit.record(actor, AuditAction.UPDATED, "routing_pool", poolId, "member " + userId + " weight " + weight
                + ", cap " + dailyCap + ", capacity " + capacity);
    }

    @Transactional
    public void removeMember(UUID poolId, UUID userId, Actor actor) {
        jdbc.sql("delete from routing_pool_member where pool_id = :pool and user_id = :user").param("pool", poolId)
                .param("user", userId).update();
        audit.record(actor, AuditAction.UPDATED, "routing_pool", poolId, "member " + userId + " removed");
    }

    public record Absence(UUID userId, LocalDate firstDay, LocalDate lastDay, String note) {
    }

    public List<Absence> absences(LocalDate from) {
        return jdbc.sql("select user_id, first_day, last_day, note from routing_absence where last_day >= :from "
                + "order by first_day, user_id").param("from", from).query((rs, n) -> new Absence(
                        rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class),
                        rs.getString(4))).list();
    }

    @Transactional
    public void addAbsence(UUID userId, LocalDate firstDay, LocalDate lastDay, String note, Actor actor) {
        List<FieldProblem> problems = new ArrayList<>();
        if (userId == null || users.find(userId).isEmpty()) {
            problems.add(FieldProblem.of("user", "routing.user"));
        }
        if (firstDay == null || lastDay == null || lastDay.isBefore(firstDay)) {
            problems.add(FieldProblem.of("lastDay", "routing.days"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException("The absence is not valid", problems);
        }
        jdbc.sql("""
                insert into routing_absence (user_id, first_day, last_day, note) values (:user, :first, :last, :note)
                on conflict (user_id, first_day) do update set last_day = excluded.last_day, note = excluded.note
                """).param("user", userId).param("first", firstDay).param("last", lastDay)
                .param("note", note == null || note.isBlank() ? null : note.strip()).update();
        audit.record(actor, AuditAction.UPDATED, "user", userId, "out of office " + firstDay + " – " + lastDay);
    }

    @Transactional
    public void removeAbsence(UUID userId, LocalDate firstDay, Actor actor) {
        jdbc.sql("delete from routing_absence where user_id = :user and first_day = :first").param("user", userId)
                .param("first", firstDay).update();
        audit.record(actor, AuditAction.UPDATED, "user", userId, "back in office from " + firstDay);
    }
}
