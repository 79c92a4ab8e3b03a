package io.tandem.campaign;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;

/** What a marketer enters for a campaign. */
public record CampaignDetails(String name, CampaignType type, String channel, CampaignStatus status,
        LocalDate startDate, LocalDate endDate, UUID ownerId, BigDecimal budget, BigDecimal actualCost,
        String currency, String description, boolean formEnabled, String formThankYouUrl, String consentText) {

    public void validate() {
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "must not be empty"));
        } else if (name.length() > 200) {
            problems.add(new FieldProblem("name", "must be at most 200 characters"));
        }
        if (type == null) {
            problems.add(new FieldProblem("type", "choose a campaign type"));
        }
        if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
            problems.add(new FieldProblem("endDate", "must not be before the start date"));
        }
        if (budget != null && budget.signum() < 0) {
            problems.add(new FieldProblem("budget", "must not be negative"));
        }
        if (actualCost != null && actualCost.signum() < 0) {
            problems.add(new FieldProblem("actualCost", "must not be negative"));
        }
        if (formThankYouUrl != null && !formThankYouUrl.isBlank()
                && !formThankYouUrl.trim().matches("(?i)https?://\\S+")) {
            problems.add(new FieldProblem("formThankYouUrl", "must be an http(s) address"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems.stream().map(p -> p.field() + ": " + p.message())
                    .reduce((a, b) -> a + "; " + b).orElseThrow(), problems);
        }
    }
}
