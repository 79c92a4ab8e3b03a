package io.tandem.analytics.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.tandem.analytics.AttributionModel;

/**
 * One attribution model as pure arithmetic: which touches of a path it credits and with which weights. The weights of
 * a non-empty path add up to 1; {@link CreditSplitter} turns them into money that adds up to the amount.
 */
public interface AttributionPolicy {

    /** The touches this model credits. */
    List<Touch> path(TouchPath opportunity);

    /** One weight per touch of {@link #path}, summing to 1 (nothing for an empty path). */
    double[] weights(List<Touch> path, TouchPath opportunity);

    static AttributionPolicy of(AttributionModel model, Duration halfLife) {
        return switch (model) {
            // shares of:                                 first, lead creation, opening, closing, the others
            case FIRST_TOUCH -> new PositionBased(1, 0, 0, 0, 0, false);
            case LAST_TOUCH -> new PositionBased(0, 0, 1, 0, 0, false);
            case LEAD_CREATION -> new PositionBased(0, 1, 0, 0, 0, false);
            case LINEAR -> new Linear();
            case U_SHAPED -> new PositionBased(0.4, 0.4, 0, 0, 0.2, false);
            case W_SHAPED -> new PositionBased(0.3, 0.3, 0.3, 0, 0.1, false);
            case FULL_PATH -> new PositionBased(0.225, 0.225, 0.225, 0.225, 0.1, true);
            case TIME_DECAY -> new TimeDecay(halfLife);
        };
    }

    /** Evenly over every touch up to the opening. */
    record Linear() implements AttributionPolicy {

        @Override
        public List<Touch> path(TouchPath opportunity) {
            return opportunity.untilOpened();
        }

        @Override
        public double[] weights(List<Touch> path, TouchPath opportunity) {
            double[] weights = new double[path.size()];
            java.util.Arrays.fill(weights, 1.0 / path.size());
            return weights;
        }
    }

    /**
     * Fixed shares for the key touches — first touch, lead creation, opportunity creation and (full path) the closing
     * touch — and {@code middle} spread evenly over the touches that hold no key position. Two key positions on one
     * touch add up; shares that find no touch (no middle touches, an open opportunity's closing touch) are spread
     * over the others in proportion to theirs, so the weights always sum to 1.
     */
    record PositionBased(double first, double leadCreation, double opening, double closing, double middle,
            boolean fullPath) implements AttributionPolicy {

        @Override
        public List<Touch> path(TouchPath opportunity) {
            return fullPath ? opportunity.untilClosed() : opportunity.untilOpened();
        }

        @Override
        public double[] weights(List<Touch> path, TouchPath opportunity) {
            int n = path.size();
            double[] weights = new double[n];
            if (n == 0) {
                return weights;
            }
            Set<Integer> keys = new HashSet<>();
            key(weights, keys, 0, first);
            key(weights, keys, TouchPath.leadCreationIndex(path, opportunity.leadCreatedAt()), leadCreation);
            key(weights, keys, TouchPath.lastIndexUntil(path, opportunity.openedAt()), opening);
            if (fullPath && opportunity.closedAt() != null) {
                key(weights, keys, TouchPath.lastIndexUntil(path, opportunity.closedAt()), closing);
            }
            int others = n - keys.size();
            if (others > 0) {
                for (int i = 0; i < n; i++) {
                    if (!keys.contains(i)) {
                        weights[i] += middle / others;
                    }
                }
            }
            return normalise(weights);
        }

        private static void key(double[] weights, Set<Integer> keys, int index, double share) {
            if (index >= 0 && share > 0) {
                weights[index] += share;
                keys.add(index);
            }
        }
    }

    /** Weight ½^(age / half-life), the age counted from the touch to the opportunity's opening. */
    record TimeDecay(Duration halfLife) implements AttributionPolicy {

        public TimeDecay {
            if (halfLife == null || halfLife.isZero() || halfLife.isNegative()) {
                throw new IllegalArgumentException("The half-life must be positive");
            }
        }

        @Override
        public List<Touch> path(TouchPath opportunity) {
            return opportunity.untilOpened();
        }

        @Override
        public double[] weights(List<Touch> path, TouchPath opportunity) {
            double[] weights = new double[path.size()];
            double halfLifeSeconds = halfLife.toSeconds();
            for (int i = 0; i < weights.length; i++) {
                double age = Duration.between(path.get(i).at(), opportunity.openedAt()).toSeconds();
                weights[i] = Math.pow(0.5, age / halfLifeSeconds);
            }
            return normalise(weights);
        }
    }

    private static double[] normalise(double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        if (total <= 0) {
            java.util.Arrays.fill(weights, 1.0 / weights.length);
            return weights;
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= total;
        }
        return weights;
    }
}
