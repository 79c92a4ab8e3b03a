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
    void foreignNumbersNeedTheirCountryCode() {
        assertThat(phones.parse("+49 1512 3456789").orElseThrow().e164()).isEqualTo("+4915123456789");
        assertThat(phones.parse("12345").orElseThrow().valid()).isFalse();
        assertThat(phones.parse("call me").orElseThrow().valid()).isFalse();
    }
}
