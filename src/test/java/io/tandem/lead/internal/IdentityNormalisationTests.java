package io.tandem.lead.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentityNormalisationTests {

    final PhoneNumbers phones = new PhoneNumbers("CN");

    @Test
    void emailsAreTrimmedAndLowerCased() {
        assertThat(EmailAddresses.normalise("  Li.Na@Example.CN ")).contains("li.na@example.cn");
        assertThat(EmailAddresses.normalise("mailto:a@b.cn")).contains("a@b.cn");
    }

    @Test
    void implausibleEmailsAreInvalid() {
        assertThat(EmailAddresses.isValid("li.na@example.cn")).isTrue();
        assertThat(EmailAddresses.isValid("wang@@example")).isFalse();
        assertThat(EmailAddresses.isValid("no-domain@")).isFalse();
        assertThat(EmailAddresses.isValid("two..dots@example.cn")).isFalse();
        assertThat(EmailAddresses.isValid("a@localhost")).isFalse();
    }

    @Test
    void theCharacterByCharacterCheckAcceptsExactlyWhatThePatternOfAPlausibleAddressMatches() {
        java.util.Random random = new java.util.Random(5);
        String alphabet = "ab9-._@+!x@-.";
        int plausible = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder email = new StringBuilder();
            int length = 1 + random.nextInt(14);
            for (int j = 0; j < length; j++) {
                email.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(3) == 0) {
                email.append(random.nextBoolean() ? "@example.cn" : ".cn");
            }
            String candidate = email.toString();
            boolean expected = EmailAddresses.PLAUSIBLE.matcher(candidate).matches();
            assertThat(EmailAddresses.isPlausible(candidate)).as(candidate).isEqualTo(expected);
            plausible += expected ? 1 : 0;
        }
        String longLabel = "a".repeat(63);
        for (String edge : new String[] { "a@" + longLabel + ".cn", "a@" + longLabel + "b.cn", "a@-b.cn", "a@b-.cn",
                "a@b", "@b.cn", "a@b..cn", "a@.b.cn", "a@b.cn.", "中@b.cn", "a@b.c", "a@1.2" }) {
            assertThat(EmailAddresses.isPlausible(edge)).as(edge)
                    .isEqualTo(EmailAddresses.PLAUSIBLE.matcher(edge).matches());
        }
        assertThat(plausible).isGreaterThan(1_000);
    }

    @Test
    void freeMailDomainsNeverIdentifyACompany() {
        assertThat(EmailAddresses.isCorporate("qq.com")).isFalse();
        assertThat(EmailAddresses.isCorporate("163.com")).isFalse();
        assertThat(EmailAddresses.isCorporate("gmail.com")).isFalse();
        assertThat(EmailAddresses.isCorporate("huaxin-tech.cn")).isTrue();
    }

    @Test
    void chineseMobileNumbersInAnyNotationBecomeTheSameE164() {
        assertThat(phones.parse("13800138000").orElseThrow().e164()).isEqualTo("+8613800138000");
        assertThat(phones.parse("+86 138-0013-8000").orElseThrow().e164()).isEqualTo("+8613800138000");
        assertThat(phones.parse("0086 13800138000").orElseThrow().e164()).isEqualTo("+8613800138000");
        assertThat(phones.parse("13800138000").orElseThrow().mobile()).isTrue();
    }

    @Test
    void aLandlineIsValidButDoesNotIdentifyAPerson() {
        PhoneNumbers.Parsed switchboard = phones.parse("010-6552 9988").orElseThrow();
        assertThat(switchboard.valid()).isTrue();
        assertThat(switchboard.e164()).isEqualTo("+861065529988");
        assertThat(switchboard.mobile()).isFalse();
    }

    @Test
    void theShortcutForChineseMobilesAgreesWithTheGeneralParser() {
        java.util.Random random = new java.util.Random(11);
        int shortcuts = 0;
        for (int prefix = 1000; prefix <= 1999; prefix++) {
            for (int i = 0; i < 8; i++) {
                String national = prefix + String.format("%07d", random.nextInt(10_000_000));
                for (String raw : new String[] { national, "+86" + national }) {
                    if (phones.chineseMobileForm(raw) != null) {
                        shortcuts++;
                    }
                    assertThat(phones.parse(raw)).as(raw).contains(generally(raw));
                }
            }
        }
        assertThat(shortcuts).isGreaterThan(10_000);
    }

    @Test
    void everyNumberOfABlockOfChineseMobilesHasTheTypeTheLibraryGivesIt() {
        PhoneNumbers fresh = new PhoneNumbers("CN");
        java.util.Random random = new java.util.Random(7);
        int mobiles = 0;
        for (int i = 0; i < 3_000; i++) {
            long block = 1_300_000 + random.nextInt(700_000);
            for (int j = 0; j < 4; j++) {
                String raw = block + String.format("%04d", random.nextInt(10_000));
                PhoneNumbers.Parsed parsed = fresh.parse(raw).orElseThrow();
                assertThat(parsed).as(raw).isEqualTo(generally(raw));
                mobiles += parsed.mobile() ? 1 : 0;
            }
        }
        assertThat(mobiles).isBetween(6_000, 11_000);
    }

    /** What {@link PhoneNumbers#parse} said before it had a shortcut. */
    private static PhoneNumbers.Parsed generally(String raw) {
        var util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        try {
            var number = util.parse(raw, "CN");
            if (!util.isValidNumber(number)) {
                return new PhoneNumbers.Parsed(null, false, false);
            }
            var type = util.getNumberType(number);
            return new PhoneNumbers.Parsed(
                    util.format(number, com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat.E164),
                    type == com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType.MOBILE
                            || type == com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE,
                    true);
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            return new PhoneNumbers.Parsed(null, false, false);
        }
    }

    @Test
    void foreignNumbersNeedTheirCountryCode() {
        assertThat(phones.parse("+49 1512 3456789").orElseThrow().e164()).isEqualTo("+4915123456789");
        assertThat(phones.parse("12345").orElseThrow().valid()).isFalse();
        assertThat(phones.parse("call me").orElseThrow().valid()).isFalse();
    }
}
