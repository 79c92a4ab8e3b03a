package io.tandem.scoring.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tandem.lead.FreeMail;
import io.tandem.scoring.Contribution;
import io.tandem.scoring.FitOperator;
import io.tandem.scoring.ScoringRule;

/**
 * Fit points from who the lead is: each matching fit rule adds (or, with negative points, takes) its points. An
 * instance holds the rules with their value lists split once, for scoring many leads.
 */
final class FitEvaluator {

    private final List<Rule> rules;

    FitEvaluator(List<ScoringRule> fitRules) {
        this.rules = fitRules.stream().map(Rule::of).toList();
    }

    /** What fit rules can look at: the lead's fields by API name, its custom values, its email domain. */
    record Facts(Map<String, String> fields, Map<String, Object> custom, String emailDomain) {

        String value(String field) {
            if ("emailDomain".equals(field)) {
                return emailDomain;
            }
            if (field.startsWith("custom.")) {
                Object value = custom.get(field.substring(7));
                return value == null ? null : String.valueOf(value);
            }
            return fields.get(field);
        }
    }

    record Result(int points, List<Contribution> reasons) {
    }

    static Result evaluate(List<ScoringRule> fitRules, Facts facts) {
        return new FitEvaluator(fitRules).evaluate(facts);
    }

    static boolean matches(ScoringRule rule, String actual) {
        return Rule.of(rule).matches(actual);
    }

    Result evaluate(Facts facts) {
        int points = 0;
        List<Contribution> reasons = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.matches(facts.value(rule.rule().field()))) {
                points += rule.rule().points();
                reasons.add(new Contribution(rule.rule().id().toString(), rule.rule().label(), rule.rule().points(),
                        null));
            }
        }
        return new Result(points, reasons);
    }

    /** The points of {@link #evaluate} without the reasons. */
    int points(Facts facts) {
        int points = 0;
        for (Rule rule : rules) {
            if (rule.matches(facts.value(rule.rule().field()))) {
                points += rule.rule().points();
            }
        }
        return points;
    }

    /** A rule and its comma-separated value (either comma, ASCII or Chinese) as a list in lower case. */
    private record Rule(ScoringRule rule, List<String> expected) {

        static Rule of(ScoringRule rule) {
            List<String> expected = rule.value() == null ? List.of() : Arrays.stream(rule.value().split("[,，]"))
                    .map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
            return new Rule(rule, expected);
        }

        boolean matches(String actual) {
            FitOperator operator = rule.operator();
            if (operator == FitOperator.NOT_EMPTY) {
                return actual != null && !actual.isBlank();
            }
            if (operator == FitOperator.NOT_FREE_MAIL) {
                return actual != null && !FreeMail.isFreeMail(actual);
            }
            if (actual == null || actual.isBlank() || rule.value() == null) {
                return false;
            }
            String value = actual.strip().toLowerCase(Locale.ROOT);
            return switch (operator) {
                case EQUALS -> !expected.isEmpty() && value.equals(expected.get(0));
                case IN -> expected.contains(value);
                case CONTAINS -> expected.stream().anyMatch(value::contains);
                case STARTS_WITH -> expected.stream().anyMatch(value::startsWith);
                default -> false;
            };
        }
    }
}
