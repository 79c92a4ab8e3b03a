package io.tandem.lead.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompanyNamesTests {

    @Test
    void chineseLegalSuffixesAndBracketsDoNotMakeAnotherCompany() {
        assertThat(CompanyNames.key("阿里巴巴（中国）有限公司")).isEqualTo(CompanyNames.key("阿里巴巴(中国)"));
        assertThat(CompanyNames.key("华信智造科技股份有限公司")).isEqualTo(CompanyNames.key("华信智造科技"));
    }

    @Test
    void englishLegalSuffixesCaseAndPunctuationDoNotMakeAnotherCompany() {
        assertThat(CompanyNames.key("Acme Co., Ltd.")).isEqualTo("acme");
        assertThat(CompanyNames.key("ACME Inc")).isEqualTo("acme");
        assertThat(CompanyNames.key("Nordwind Maschinenbau GmbH")).isEqualTo("nordwindmaschinenbau");
    }

    @Test
    void aSuffixInsideAWordStays() {
        assertThat(CompanyNames.key("Cisco")).isEqualTo("cisco");
        assertThat(CompanyNames.key("Co")).isEqualTo("co");
    }

    @Test
    void fullWidthCharactersFoldToTheirNormalForm() {
        assertThat(CompanyNames.key("ＡＢＣ科技")).isEqualTo(CompanyNames.key("ABC科技"));
    }

    @Test
    void blankNamesHaveNoKey() {
        assertThat(CompanyNames.key("  ")).isNull();
        assertThat(CompanyNames.key(null)).isNull();
    }
}
