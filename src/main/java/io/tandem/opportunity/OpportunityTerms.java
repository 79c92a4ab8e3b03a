package io.tandem.opportunity;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What a rep negotiates: name, amount, currency, expected close date, probability ({@code null}: the stage's). */
public record OpportunityTerms(String name, BigDecimal amount, String currency, LocalDate expectedClose,
        Integer probability) {
}
