package io.tandem.lead.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CustomFieldDefinition;
import io.tandem.lead.LeadData;
import io.tandem.lead.LeadField;
import io.tandem.shared.BadInputException.FieldProblem;

/** Turns what a channel sent into a normalised {@link Candidate}, or into the list of what is wrong with it. */
@Component
class CandidateValidator {

    static final int MAX_TEXT = 500;
    static final int MAX_TAGS = 30;
    private static final java.util.regex.Pattern SOURCE_CODE = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    private final PhoneNumbers phones;
    private final CustomFields customFields;
    private final Clock clock;

    CandidateValidator(PhoneNumbers phones, CustomFields customFields, Clock clock) {
        this.phones = phones;
        this.customFields = customFields;
        this.clock = clock;
    }

    sealed interface Validated permits Valid, Invalid {
    }

    record Valid(Candidate candidate) implements Validated {
    }

    record Invalid(List<FieldProblem> problems) implements Validated {
    }

    Validated validate(int index, LeadData data, CaptureChannel channel) {
        List<FieldProblem> problems = new ArrayList<>();
        EnumMap<LeadField, String> fields = new EnumMap<>(LeadField.class);
        List<IdentityKey> keys = new ArrayList<>();

        Optional<String> email = EmailAddresses.normalise(data.email());
        if (email.isPresent()) {
            if (EmailAddresses.isValid(email.get())) {
                fields.put(LeadField.EMAIL, email.get());
                keys.add(IdentityKey.email(email.get()));
            } else {
                problems.add(FieldProblem.of("email", "email.invalid", data.email().strip()));
            }
        }
        Optional<PhoneNumbers.Parsed> phone = phones.parse(data.phone());
        if (phone.isPresent()) {
            if (phone.get().valid()) {
                fields.put(LeadField.PHONE, phone.get().e164());
                if (phone.get().mobile()) {
                    keys.add(IdentityKey.phone(phone.get().e164()));
                }
            } else {
                problems.add(FieldProblem.of("phone", "phone.invalid", data.phone().strip()));
            }
        }
        if (data.anonymousId() != null && !data.anonymousId().isBlank()) {
            String anonymousId = data.anonymousId().strip();
            if (anonymousId.length() > 200) {
                problems.add(FieldProblem.of("anonymousId", "anonymousId.tooLong", 200));
            } else {
                keys.add(IdentityKey.anonymous(anonymousId));
            }
        }
        if (keys.isEmpty() && problems.isEmpty()) {
            problems.add(fields.containsKey(LeadField.PHONE) ? FieldProblem.of("phone", "identity.landlineOnly")
                    : FieldProblem.of("email", "identity.missing"));
        }

        text(LeadField.NAME, data.name(), fields, problems);
        text(LeadField.COMPANY, data.company(), fields, problems);
        text(LeadField.TITLE, data.title(), fields, problems);
        text(LeadField.INDUSTRY, data.industry(), fields, problems);
        text(LeadField.COMPANY_SIZE, data.companySize(), fields, problems);
        text(LeadField.PROVINCE, data.province(), fields, problems);
        text(LeadField.CITY, data.city(), fields, problems);
        text(LeadField.COUNTRY, data.country(), fields, problems);
        text(LeadField.SOURCE_DETAIL, data.sourceDetail(), fields, problems);

        String source = data.source() == null || data.source().isBlank() ? channel.defaultSource()
                : data.source().strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        if (SOURCE_CODE.matcher(source).matches()) {
            fields.put(LeadField.SOURCE, source);
        } else {
            problems.add(FieldProblem.of("source", "source.format"));
        }

        TreeSet<String> tags = new TreeSet<>();
        for (String tag : data.tags()) {
            if (tag == null || tag.isBlank()) {
                continue;
            }
            String trimmed = tag.strip();
            if (trimmed.length() > 50) {
                problems.add(FieldProblem.of("tags", "tag.tooLong", trimmed));
            } else {
                tags.add(trimmed);
            }
        }
        if (tags.size() > MAX_TAGS) {
            problems.add(FieldProblem.of("tags", "tags.tooMany", MAX_TAGS));
        }

        Map<String, Object> custom = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : data.custom().entrySet()) {
            Optional<CustomFieldDefinition> definition = customFields.find(entry.getKey());
            if (definition.isEmpty()) {
                problems.add(FieldProblem.of("custom." + entry.getKey(), "custom.unknown"));
                continue;
            }
            try {
                Object value = customFields.normalise(definition.get(), entry.getValue());
                if (value != null) {
                    custom.put(entry.getKey(), value);
                }
            } catch (CustomFields.InvalidValue e) {
                problems.add(FieldProblem.of("custom." + entry.getKey(), e.code(), e.args()));
            }
        }

        Instant capturedAt = data.capturedAt();
        if (capturedAt != null && capturedAt.isAfter(clock.instant().plusSeconds(300))) {
            problems.add(FieldProblem.of("capturedAt", "capturedAt.future"));
        }
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        return new Valid(new Candidate(index, fields, keys, data.campaignId(), tags, custom, capturedAt,
                data.ownerId()));
    }

    private static void text(LeadField field, String raw, EnumMap<LeadField, String> fields,
            List<FieldProblem> problems) {
        if (raw == null) {
            return;
        }
        String value = raw.strip();
        if (value.isEmpty()) {
            return;
        }
        if (value.length() > MAX_TEXT) {
            problems.add(FieldProblem.of(field.apiName(), "text.tooLong", MAX_TEXT));
            return;
        }
        if (hasControlCharacters(value)) {
            problems.add(FieldProblem.of(field.apiName(), "text.controlCharacters"));
            return;
        }
        fields.put(field, value);
    }

    private static boolean hasControlCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t') {
                return true;
            }
        }
        return false;
    }
}
