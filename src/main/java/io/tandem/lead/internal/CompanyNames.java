package io.tandem.lead.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Company names reduced to a key that survives the usual spelling differences: case, full-width characters,
 * punctuation and legal suffixes ("有限公司", "Co., Ltd.", "Inc."). "阿里巴巴（中国）有限公司" and "阿里巴巴(中国)" share
 * a key; "Cisco" keeps its "co".
 */
final class CompanyNames {

    private static final Set<String> WORD_SUFFIXES = Set.of("co", "ltd", "limited", "inc", "incorporated", "llc",
            "corp", "corporation", "gmbh", "plc", "ag", "sa", "bv", "pte", "srl", "kk");
    private static final Pattern BETWEEN_WORDS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final List<String> CHINESE_SUFFIXES = List.of("股份有限公司", "有限责任公司", "有限公司", "公司");

    private CompanyNames() {
    }

    static String key(String name) {
        if (name == null) {
            return null;
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>(Arrays.stream(BETWEEN_WORDS.split(folded))
                .filter(word -> !word.isEmpty()).toList());
        while (words.size() > 1 && WORD_SUFFIXES.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        String key = String.join("", words);
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String suffix : CHINESE_SUFFIXES) {
                if (key.length() > suffix.length() && key.endsWith(suffix)) {
                    key = key.substring(0, key.length() - suffix.length());
                    stripped = true;
                }
            }
        }
        return key.isEmpty() ? null : key;
    }
}
