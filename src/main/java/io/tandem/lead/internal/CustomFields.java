package io.tandem.lead.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.lead.CustomFieldCatalog;
import io.tandem.lead.CustomFieldDefinition;
import io.tandem.lead.CustomFieldType;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;

/** The admin-defined fields of a lead and the rules their values follow. */
@Service
public class CustomFields implements CustomFieldCatalog {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final AtomicReference<Map<String, CustomFieldDefinition>> cache = new AtomicReference<>();

    CustomFields(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public List<CustomFieldDefinition> all() {
        return List.copyOf(definitions().values());
    }

    @Override
    public Optional<CustomFieldDefinition> find(String key) {
        return Optional.ofNullable(definitions().get(key));
    }

    @Override
    @Transactional
    public CustomFieldDefinition define(CustomFieldDefinition definition, Actor actor) {
        String key = definition.key() == null ? "" : definition.key().trim().toLowerCase(Locale.ROOT);
        if (!key.matches("[a-z][a-z0-9_]{0,62}")) {
            throw BadInputException.of("key", "use lower-case letters, digits and underscores, starting with a letter");
        }
        if (definition.labelEn() == null || definition.labelEn().isBlank()) {
            throw BadInputException.of("labelEn", "must not be empty");
        }
        if (definition.type() == null) {
            throw BadInputException.of("type", "choose a type");
        }
        List<String> options = definition.options() == null ? List.of()
                : definition.options().stream().map(String::trim).filter(o -> !o.isEmpty()).distinct().toList();
        if (definition.type() == CustomFieldType.PICKLIST && options.isEmpty()) {
            throw BadInputException.of("options", "a pick-list needs at least one option");
        }
        String labelZh = definition.labelZh() == null || definition.labelZh().isBlank() ? definition.labelEn().trim()
                : definition.labelZh().trim();
        int written = jdbc.sql("""
                insert into custom_field (key, label_en, label_zh, type, options, created_at)
                values (:key, :en, :zh, :type, :options, :at)
                on conflict (key) do update set label_en = excluded.label_en, label_zh = excluded.label_zh,
                    options = excluded.options
                where custom_field.type = excluded.type
                """)
                .param("key", key).param("en", definition.labelEn().trim()).param("zh", labelZh)
                .param("type", definition.type().name()).param("options", options.toArray(String[]::new))
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .update();
        if (written == 0) {
            throw BadInputException.of("type", "the field exists with another type; its type cannot change");
        }
        cache.set(null);
        audit.record(actor, AuditAction.UPDATED, "custom_field", key, definition.type() + " " + definition.labelEn());
        return new CustomFieldDefinition(key, definition.labelEn().trim(), labelZh, definition.type(), options);
    }

    private Map<String, CustomFieldDefinition> definitions() {
        Map<String, CustomFieldDefinition> current = cache.get();
        if (current == null) {
            current = jdbc.sql("select key, label_en, label_zh, type, options from custom_field order by key")
                    .query((rs, n) -> new CustomFieldDefinition(rs.getString(1), rs.getString(2), rs.getString(3),
                            CustomFieldType.valueOf(rs.getString(4)),
                            List.of((String[]) rs.getArray(5).getArray())))
                    .list().stream()
                    .collect(Collectors.toMap(CustomFieldDefinition::key, Function.identity(), (a, b) -> a,
                            java.util.LinkedHashMap::new));
            cache.set(current);
        }
        return current;
    }

    /**
     * Checks and normalises a value for its field.
     *
     * @return the value to store, or a problem text
     */
    Object normalise(CustomFieldDefinition field, Object raw) throws InvalidValue {
        if (raw == null || (raw instanceof String text && text.isBlank())) {
            return null;
        }
        String text = String.valueOf(raw).trim();
        return switch (field.type()) {
            case TEXT -> {
                if (text.length() > 1000) {
                    throw new InvalidValue("text.tooLong", 1000);
                }
                yield text;
            }
            case NUMBER -> {
                try {
                    yield raw instanceof Number number ? new BigDecimal(number.toString())
                            : new BigDecimal(text.replace(",", ""));
                } catch (NumberFormatException e) {
                    throw new InvalidValue("custom.notNumber", text);
                }
            }
            case DATE -> {
                try {
                    yield LocalDate.parse(text.replace('/', '-')).toString();
                } catch (DateTimeParseException e) {
                    throw new InvalidValue("custom.notDate", text);
                }
            }
            case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "y", "1", "是", "对" -> Boolean.TRUE;
                case "false", "no", "n", "0", "否", "不" -> Boolean.FALSE;
                default -> throw new InvalidValue("custom.notYesNo", text);
            };
            case PICKLIST -> {
                yield field.options().stream().filter(option -> option.equalsIgnoreCase(text)).findFirst()
                        .orElseThrow(() -> new InvalidValue("custom.notOption", text, field.options()));
            }
        };
    }

    static final class InvalidValue extends Exception {
        private final String code;
        private final Object[] args;

        InvalidValue(String code, Object... args) {
            super(code, null, false, false);
            this.code = code;
            this.args = args;
        }

        String code() {
            return code;
        }

        Object[] args() {
            return args;
        }
    }
}
