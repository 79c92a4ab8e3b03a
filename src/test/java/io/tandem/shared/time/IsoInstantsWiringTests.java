package io.tandem.shared.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.tandem.support.IntegrationTest;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class IsoInstantsWiringTests {

    @Autowired
    JsonMapper json;

    @Test
    void theApplicationsMapperReadsInstantsWithTheShortcutInFrontOfJacksonsParser() {
        assertThat(json._deserializationContext().findRootValueDeserializer(json.constructType(Instant.class)))
                .isInstanceOf(IsoInstants.Deserializer.class);
        assertThat(json.readValue("\"2026-11-27T08:30:00.250Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-11-27T08:30:00.250Z"));
        assertThat(json.readValue("\"2026-11-27T16:30:00+08:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-11-27T08:30:00Z"));
    }
}
