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

    /** The key as it was computed with a pattern: the reference for the character-by-character reading. */
    static String keyByPattern(String name) {
        if (name == null) {
            return null;
        }
        String folded = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC)
                .toLowerCase(java.util.Locale.ROOT);
        java.util.List<String> words = new java.util.ArrayList<>(java.util.Arrays.stream(
                folded.split("[^\\p{L}\\p{N}]+")).filter(word -> !word.isEmpty()).toList());
        java.util.Set<String> suffixes = java.util.Set.of("co", "ltd", "limited", "inc", "incorporated", "llc", "corp",
                "corporation", "gmbh", "plc", "ag", "sa", "bv", "pte", "srl", "kk");
        while (words.size() > 1 && suffixes.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        String key = String.join("", words);
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String suffix : java.util.List.of("股份有限公司", "有限责任公司", "有限公司", "公司")) {
                if (key.length() > suffix.length() && key.endsWith(suffix)) {
                    key = key.substring(0, key.length() - suffix.length());
                    stripped = true;
                }
            }
        }
        return key.isEmpty() ? null : key;
    }

    @Test
    void everyGeneratedNameHasTheKeyThePatternGaveIt() {
        String[] parts = { "华信", "智造", "科技", "股份", "有限", "公司", "有限公司", "有限责任公司", "(中国)", "（中国）",
                "Acme", "ACME", "co", "Co.", "Ltd", "LTD.", "Inc", "GmbH", "kk", "s.a.", "&", "-", ".", ",", " ", "  ",
                "\t", "·", "ＡＢＣ", "１２３", "42", "Ⅻ", "①", "²", "e\u0301", "é", "İ", "ß", "𠀀", "😀", "_", "'",
                "Straße", "ǅ", "ʰ", "\u00a0", "\u3000",
                "〇", "〡", "፩", "༳" }; // the last four are numbers that NFKC leaves as they are
        java.util.Random random = new java.util.Random(13);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder name = new StringBuilder();
            int count = 1 + random.nextInt(6);
            for (int p = 0; p < count; p++) {
                name.append(parts[random.nextInt(parts.length)]);
                if (random.nextInt(3) == 0) {
                    name.append(' ');
                }
            }
            String candidate = name.toString();
            assertThat(CompanyNames.key(candidate)).as(candidate).isEqualTo(keyByPattern(candidate));
        }
    }
}
