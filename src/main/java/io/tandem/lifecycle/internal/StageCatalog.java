package io.tandem.lifecycle.internal;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.lifecycle.Stage;
import io.tandem.lifecycle.StageModel;
import io.tandem.lifecycle.StagePool;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.NotFoundException;

/** The stage model as stored, read once and kept until an admin changes it. */
@Service
public class StageCatalog implements StageModel {

    private record Snapshot(List<Stage> stages, Set<List<String>> transitions) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    StageCatalog(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot.get();
        if (current == null) {
            List<Stage> stages = jdbc.sql("select code, name_en, name_zh, position, pool, built_in from stage")
                    .query((rs, n) -> new Stage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            StagePool.valueOf(rs.getString(5)), rs.getBoolean(6)))
                    .list().stream().sorted(Comparator.comparingInt(Stage::position).thenComparing(Stage::code))
                    .toList();
            Set<List<String>> transitions = new HashSet<>(jdbc.sql("select from_code, to_code from stage_transition")
                    .query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).list());
            current = new Snapshot(stages, transitions);
            snapshot.set(current);
        }
        return current;
    }

    @Override
    public List<Stage> stages() {
        return snapshot().stages();
    }

    @Override
    public Optional<Stage> stage(String code) {
        return stages().stream().filter(stage -> stage.code().equals(code)).findFirst();
    }

    @Override
    public boolean allows(String from, String to) {
        return snapshot().transitions().contains(List.of(from, to));
    }

    @Override
    public List<Stage> next(String from) {
        return stages().stream().filter(stage -> allows(from, stage.code())).toList();
    }

    @Transactional
    public void rename(String code, String nameEn, String nameZh, Actor actor) {
        requireNames(nameEn, nameZh);
        int updated = jdbc.sql("update stage set name_en = :en, name_zh = :zh where code = :code")
                .param("en", nameEn.strip()).param("zh", nameZh.strip()).param("code", code).update();
        if (updated == 0) {
            throw new NotFoundException("Stage", code);
        }
        audit.record(actor, AuditAction.UPDATED, "stage", code, nameEn + " / " + nameZh);
        snapshot.set(null);
    }

    /** Adds an intermediate stage, e.g. AQL between Lead and MQL; its transitions are set separately. */
    @Transactional
    public Stage add(String code, String nameEn, String nameZh, int position, StagePool pool, Actor actor) {
        String normalised = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        if (!normalised.matches("[A-Z][A-Z0-9_]{0,30}")) {
            throw BadInputException.of("code", "use capital letters, digits and underscores, e.g. AQL");
        }
        requireNames(nameEn, nameZh);
        if (pool == null) {
            throw BadInputException.of("pool", "choose the workspace the stage belongs to");
        }
        try {
            jdbc.sql("""
                    insert into stage (code, name_en, name_zh, position, pool) values (:code, :en, :zh, :position, :pool)
                    """).param("code", normalised).param("en", nameEn.strip()).param("zh", nameZh.strip())
                    .param("position", position).param("pool", pool.name()).update();
        } catch (DuplicateKeyException e) {
            throw BadInputException.of("code", "a stage " + normalised + " exists already");
        }
        audit.record(actor, AuditAction.CREATED, "stage", normalised, nameEn + " / " + nameZh + " in " + pool);
        snapshot.set(null);
        return stage(normalised).orElseThrow();
    }

    /** Replaces the whole transition table with the given pairs. */
    @Transactional
    public void setTransitions(Set<List<String>> pairs, Actor actor) {
        Set<String> codes = stages().stream().map(Stage::code).collect(Collectors.toSet());
        for (List<String> pair : pairs) {
            if (!codes.contains(pair.get(0)) || !codes.contains(pair.get(1)) || pair.get(0).equals(pair.get(1))) {
                throw BadInputException.of("transitions", "a transition " + pair + " is not between two stages");
            }
        }
        jdbc.sql("delete from stage_transition").update();
        for (List<String> pair : pairs) {
            jdbc.sql("insert into stage_transition (from_code, to_code) values (:from, :to)")
                    .param("from", pair.get(0)).param("to", pair.get(1)).update();
        }
        audit.record(actor, AuditAction.UPDATED, "stage_transition", null, pairs.size() + " transitions");
        snapshot.set(null);
    }

    private static void requireNames(String nameEn, String nameZh) {
        if (nameEn == null || nameEn.isBlank() || nameZh == null || nameZh.isBlank()) {
            throw BadInputException.of("name", "give the stage a name in English and in Chinese");
        }
    }
}
