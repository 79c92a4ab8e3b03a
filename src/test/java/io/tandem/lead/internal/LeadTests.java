package io.tandem.lead.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.tandem.lead.LeadField;

class LeadTests {

    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    static Candidate with(Map<LeadField, String> fields) {
        return new Candidate(0, new EnumMap<>(fields), List.of(), null, Set.of(), Map.of(), null, null);
    }

    @Test
    void aBlankValueNeverErasesWhatIsKnown() {
        Lead lead = Lead.create(UUID.randomUUID(), "api", NOW);
        lead.absorb(with(Map.of(LeadField.NAME, "李娜", LeadField.TITLE, "CTO", LeadField.SOURCE, "trade_show")));
        lead.loadedForUpdate();

        Map<String, String[]> changes = lead.absorb(with(Map.of(LeadField.COMPANY, "Example")));

        assertThat(lead.get(LeadField.NAME)).isEqualTo("李娜");
        assertThat(lead.get(LeadField.TITLE)).isEqualTo("CTO");
        assertThat(changes).containsOnlyKeys("company");
    }

    @Test
    void theOriginalSourceIsKeptWhenThePersonComesBackThroughAnotherChannel() {
        Lead lead = Lead.create(UUID.randomUUID(), "api", NOW);
        lead.absorb(with(Map.of(LeadField.SOURCE, "trade_show")));
        lead.loadedForUpdate();

        Map<String, String[]> changes = lead.absorb(with(Map.of(LeadField.SOURCE, "web_form",
                LeadField.TITLE, "CIO")));

        assertThat(lead.get(LeadField.SOURCE)).isEqualTo("trade_show");
        assertThat(changes).containsOnlyKeys("title");
        assertThat(changes.get("title")).containsExactly(null, "CIO");
    }

    @Test
    void aCapturedDateInThePastBecomesTheCreationDateOfANewLead() {
        Lead lead = Lead.create(UUID.randomUUID(), "import", NOW);
        Instant eventDay = Instant.parse("2025-11-05T02:00:00Z");

        lead.absorb(new Candidate(0, new EnumMap<>(LeadField.class), List.of(), null, Set.of(), Map.of(), eventDay,
                null));

        assertThat(lead.createdAt()).isEqualTo(eventDay);
    }

    @Test
    void theOlderLeadOfAMergeKeepsItsSourceAndBlanksAreFilledFromTheDuplicate() {
        Lead survivor = Lead.create(UUID.randomUUID(), "api", NOW);
        survivor.absorb(with(Map.of(LeadField.EMAIL, "a@x.cn", LeadField.SOURCE, "web_form")));
        Lead older = Lead.create(UUID.randomUUID(), "import", NOW.minusSeconds(86_400));
        older.absorb(with(Map.of(LeadField.PHONE, "+8613800000009", LeadField.SOURCE, "trade_show",
                LeadField.EMAIL, "b@x.cn")));
        older.tag(Set.of("VIP"), Set.of());

        survivor.absorbDuplicate(older);

        assertThat(survivor.get(LeadField.SOURCE)).isEqualTo("trade_show");
        assertThat(survivor.createdAt()).isEqualTo(NOW.minusSeconds(86_400));
        assertThat(survivor.get(LeadField.PHONE)).isEqualTo("+8613800000009");
        assertThat(survivor.get(LeadField.EMAIL)).isEqualTo("a@x.cn");
        assertThat(survivor.tags()).containsExactly("VIP");
    }

    @Test
    void theSameNameAtTheSameCompanyGivesTheSameDedupeKey() {
        assertThat(Lead.dedupeKeyOf("Wang Fang ", "Example Co., Ltd."))
                .isEqualTo(Lead.dedupeKeyOf("wang fang", "EXAMPLE"));
        assertThat(Lead.dedupeKeyOf("Wang Fang", null)).isNull();
    }
}
