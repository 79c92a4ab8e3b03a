package io.tandem.shared;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The catalogue of problem texts ({@code problems.properties}, keys {@code problem.<code>}). The domain renders the
 * English text for the API; pages render the same code in the reader's language through the message source.
 */
public final class Problems {

    private static final ResourceBundle ENGLISH = ResourceBundle.getBundle("problems", Locale.ROOT);

    private Problems() {
    }

    public static String english(String code, List<String> args) {
        String pattern = ENGLISH.getString("problem." + code);
        return new MessageFormat(pattern, Locale.ROOT).format(args.toArray());
    }
}
