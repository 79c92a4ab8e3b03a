package io.tandem.handoff.internal;

import io.tandem.handoff.QualificationQuestion;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.shared.BadInputException;
import io.tandem.shared.Ids;

/** The admin's questions beyond BANT. Questions are deactivated, never deleted: old handoffs keep their answers. */
@Component
public class QualificationQuestions {

    private final JdbcClient jdbc;
    private final Clock clock;

    QualificationQuestions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<QualificationQuestion> all() {
        return jdbc.sql("""
                select id, label_en, label_zh, position, required, active from qualification_question
                order by active desc, position, created_at
                """).query((rs, n) -> new QualificationQuestion(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getString(3), rs.getInt(4), rs.getBoolean(5), rs.getBoolean(6))).list();
    }

    public List<QualificationQuestion> active() {
        return all().stream().filter(QualificationQuestion::active).toList();
    }

    @Transactional
    public UUID add(String labelEn, String labelZh, boolean required) {
        String en = require(labelEn, "labelEn");
        String zh = labelZh == null || labelZh.isBlank() ? en : labelZh.strip();
        UUID id = Ids.next();
        jdbc.sql("""
                insert into qualification_question (id, label_en, label_zh, position, required, created_at)
                values (:id, :en, :zh, (select coalesce(max(position), 0) + 10 from qualification_question),
                        :required, :now)
                """).param("id", id).param("en", en).param("zh", zh).param("required", required)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
        return id;
    }

    @Transactional
    public void update(UUID id, String labelEn, String labelZh, boolean required, boolean active) {
        String en = require(labelEn, "labelEn");
        String zh = labelZh == null || labelZh.isBlank() ? en : labelZh.strip();
        int updated = jdbc.sql("""
                update qualification_question set label_en = :en, label_zh = :zh, required = :required,
                    active = :active where id = :id
                """).param("en", en).param("zh", zh).param("required", required).param("active", active)
                .param("id", id).update();
        if (updated == 0) {
            throw new io.tandem.shared.NotFoundException("Question", id);
        }
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw BadInputException.of(field, "enter the question");
        }
        if (value.length() > 200) {
            throw BadInputException.of(field, "keep the question under 200 characters");
        }
        return value.strip();
    }
}
