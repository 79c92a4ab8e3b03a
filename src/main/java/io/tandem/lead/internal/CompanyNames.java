package io.tandem.lead.internal;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Company names reduced to a key that survives the usual spelling differences: case, full-width characters,
 * punctuation and legal suffixes ("有限公司", "Co., Ltd.", "Inc."). "阿里巴巴（中国）有限公司" and "阿里巴巴(中国)" share
 * a key; "Cisco" keeps its "co".
 */
final class CompanyNames {

    private static final Set<String> WORD_SUFFIXES = Set.of("co", "ltd", "limited", "inc", "incorporated", "llc",
            "corp", "corporation", "gmbh", "plc", "ag", "sa", "bv", "pte", "srl", "kk");
    private static final List<String> CHINESE_SUFFIXES = List.of("股份有限公司", "有限责任公司", "有限公司", "公司");

    private CompanyNames() {
    }

    static String key(String name) {
        if (name == null) {
            return null;
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        // The words are the runs of letters and numbers, read character by character: splitting on a pattern made a
        // list of strings per name, a few percent of an import's time.
        StringBuilder key = new StringBuilder(folded.length());
        int words = 0;
        int[] wordStarts = new int[4];
        boolean inWord = false;
        for (int i = 0; i < folded.length();) {
            int codePoint = folded.codePointAt(i);
            i += Character.charCount(codePoint);
            if (!isLetterOrNumber(codePoint)) {
                inWord = false;
                continue;
            }
            if (!inWord) {
                if (words == wordStarts.length) {
                    wordStarts = Arrays.copyOf(wordStarts, words * 2);
                }
                wordStarts[words++] = key.length();
                inWord = true;
            }
            key.appendCodePoint(codePoint);
        }
        while (words > 1 && WORD_SUFFIXES.contains(key.substring(wordStarts[words - 1]))) {
            key.setLength(wordStarts[--words]);
        }
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String suffix : CHINESE_SUFFIXES) {
                int length = key.length();
                if (length > suffix.length() && key.lastIndexOf(suffix) == length - suffix.length()) {
                    key.setLength(length - suffix.length());
                    stripped = true;
                }
            }
        }
        return key.isEmpty() ? null : key.toString();
    }

    /** Unicode's letters and numbers, as a pattern's {@code \p{L}} and {@code \p{N}}. */
    private static boolean isLetterOrNumber(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }
}
