package io.tandem.opportunity;

import java.util.Locale;

/** A step of the sales pipeline with its default probability; {@code outcome} is OPEN, WON or LOST. */
public record PipelineStage(String code, String nameEn, String nameZh, int position, int probability,
        String outcome) {

    public String name(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? nameZh : nameEn;
    }

    public boolean open() {
        return "OPEN".equals(outcome);
    }
}
