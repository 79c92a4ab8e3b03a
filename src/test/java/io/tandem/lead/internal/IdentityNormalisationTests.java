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
