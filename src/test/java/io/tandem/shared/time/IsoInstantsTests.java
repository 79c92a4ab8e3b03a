package io.tandem.shared.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.api.Test;

class IsoInstantsTests {

    @Test
    void everyUtcInstantWithAnyNumberOfFractionDigitsReadsAsTheGeneralParserReadsIt() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 9_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = DateTimeFormatter.ISO_INSTANT.format(instant);
            int digits = random.nextInt(10);
            if (digits > 0 && text.length() == 20) {
                text = text.substring(0, 19) + "." + "0".repeat(digits) + "Z";
            }
            assertThat(IsoInstants.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void everyOtherSpellingIsLeftToTheGeneralParser() {
        for (String text : new String[] { "2026-11-27T08:30:00+08:00", "2026-11-27t08:30:00z", "2026-11-27T08:30:00.Z",
                "2026-11-27T08:30Z", "2026-02-30T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T23:59:60Z",
                "2026-13-01T00:00:00Z", "+12026-11-27T08:30:00Z", "2026-11-27T08:30:00.1234567890Z",
                "2026-11-27 08:30:00Z", "２０２６-11-27T08:30:00Z", "2026-11-27T08:30:0xZ", "yesterday" }) {
            assertThat(IsoInstants.parseUtc(text)).as(text).isNull();
        }
    }

    @Test
    void whatTheGeneralParserRefusesIsNeverReadByTheShortcut() {
        for (String text : new String[] { "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-00-10T00:00:00Z" }) {
            assertThat(IsoInstants.parseUtc(text)).as(text).isNull();
            assertThat(refused(text)).as(text).isTrue();
        }
        assertThat(IsoInstants.parseUtc("2024-02-29T23:59:59.999999999Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z"));
    }

    private static boolean refused(String text) {
        try {
            Instant.parse(text);
            return false;
        } catch (DateTimeException e) {
            return true;
        }
    }
}
