package io.tandem.lifecycle;

import java.util.Locale;

/** A step of the waterfall, e.g. {@code MQL}, named in both languages. */
public record Stage(String code, String nameEn, String nameZh, int position, StagePool pool, boolean builtIn) {

    public static final String LEAD = "LEAD";
    public static final String NURTURE = "NURTURE";
    public static final String MQL = "MQL";
    public static final String SAL = "SAL";
    public static final String SQL = "SQL";
    public static final String OPPORTUNITY = "OPPORTUNITY";
    public static final String WON = "WON";
    public static final String LOST = "LOST";
    public static final String DISQUALIFIED = "DISQUALIFIED";

    public String name(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? nameZh : nameEn;
    }
}
