package io.tandem.planning.web;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.analytics.FunnelStage;
import io.tandem.planning.PlanInputs;
import io.tandem.planning.ReverseFunnel;
import io.tandem.planning.internal.PlanDefaults;
import io.tandem.planning.internal.PlanStore;
import io.tandem.planning.internal.PlanVsActual;
import io.tandem.shared.BadInputException;
import io.tandem.shared.NotFoundException;

/** Plans for machines: defaults from history, what inputs mean (computed, nothing saved), saved plans, pacing. */
@Tag(name = "Planning")
@RestController
@RequestMapping("/api/v1/plans")
@PreAuthorize("hasAuthority('SCOPE_read') and hasAnyRole('ADMIN','MARKETING','SALES_MANAGER','EXECUTIVE')")
class PlanningApi {

    private final PlanStore plans;
    private final PlanDefaults defaults;
    private final PlanVsActual comparisons;

    PlanningApi(PlanStore plans, PlanDefaults defaults, PlanVsActual comparisons) {
        this.plans = plans;
        this.defaults = defaults;
        this.comparisons = comparisons;
    }

    /** A plan's numbers: stage → month (yyyy-MM) → needed, fractional (pages round up). */
    record PlanNumbers(Map<String, Double> revenue, Map<String, Double> orders,
            Map<FunnelStage, Map<String, Double>> needed, Map<String, Map<String, Double>> channelLeads,
            Map<String, BigDecimal> channelBudget, BigDecimal budget) {

        static PlanNumbers of(ReverseFunnel.Plan plan) {
            Map<FunnelStage, Map<String, Double>> needed = new LinkedHashMap<>();
            plan.needed().forEach((stage, months) -> needed.put(stage, months(months)));
            Map<String, Map<String, Double>> channels = new LinkedHashMap<>();
            plan.channelLeads().forEach((channel, months) -> channels.put(channel, months(months)));
            return new PlanNumbers(months(plan.revenue()), months(plan.orders()), needed, channels,
                    plan.channelBudget(), plan.budget());
        }

        private static Map<String, Double> months(Map<java.time.YearMonth, Double> values) {
            Map<String, Double> result = new LinkedHashMap<>();
            values.forEach((month, value) -> result.put(month.toString(), value));
            return result;
        }
    }

    @Operation(summary = "Defaults for a new plan from the last N months of history")
    @GetMapping("/defaults")
    PlanDefaults.Learned defaults(@RequestParam(defaultValue = "12") int months) {
        return defaults.defaults(months);
    }

    @Operation(summary = "What the inputs mean, without saving them",
            description = "Shares and conversions are fractions (0.4 for 40 %); 400 problem+json names each wrong field.")
    @PostMapping("/preview")
    PlanNumbers preview(@RequestBody PlanInputs inputs) {
        if (inputs == null) {
            throw BadInputException.of("body", "Send the plan's inputs");
        }
        return PlanNumbers.of(ReverseFunnel.plan(inputs));
    }

    @GetMapping
    List<PlanStore.PlanSummary> list() {
        return plans.plans();
    }

    record PlanAnswer(UUID id, String name, int version, String note, PlanInputs inputs, PlanNumbers numbers) {
    }

    @GetMapping("/{id}")
    PlanAnswer plan(@PathVariable UUID id, @RequestParam(required = false) Integer version) {
        PlanStore.StoredVersion stored = plans.version(id, version)
                .orElseThrow(() -> new NotFoundException("plan", id));
        return new PlanAnswer(stored.planId(), stored.name(), stored.version(), stored.note(), stored.inputs(),
                PlanNumbers.of(ReverseFunnel.plan(stored.inputs())));
    }

    /** One line of the plan against actual, with its pace worked out (months as yyyy-MM). */
    record PacingLine(String key, Map<String, Double> planned, Map<String, Double> actual, double plannedToDate,
            double actualToDate, Double pacePercent, boolean behind) {

        static PacingLine of(PlanVsActual.Line line) {
            return new PacingLine(line.key(), PlanNumbers.months(line.planned()), PlanNumbers.months(line.actual()),
                    line.plannedToDate(), line.actualToDate(), line.pacePercent(), line.behind());
        }
    }

    /** @param factor the share of the plan that applies (1, or the team's); {@code null}: the team has none */
    record PacingAnswer(String currentMonth, Double factor, double target, Double projectedRevenue,
            Double projectedAttainmentPercent, List<String> months, List<PacingLine> lines) {
    }

    @Operation(summary = "The plan against actual: per line and month, to date, pace and projected attainment")
    @GetMapping("/{id}/pacing")
    PacingAnswer pacing(@PathVariable UUID id, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) UUID team) {
        PlanStore.StoredVersion stored = plans.version(id, version)
                .orElseThrow(() -> new NotFoundException("plan", id));
        PlanVsActual.Comparison comparison = comparisons.compare(stored.inputs(), team);
        return new PacingAnswer(comparison.currentMonth().toString(), comparison.factor(), comparison.target(),
                comparison.projectedRevenue(), comparison.projectedAttainmentPercent(),
                comparison.months().stream().map(Object::toString).toList(),
                comparison.lines().stream().map(PacingLine::of).toList());
    }
}
