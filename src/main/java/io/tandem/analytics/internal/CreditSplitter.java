package io.tandem.analytics.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Turns weights into money that adds up to the amount to the cent: each share is rounded down to cents, and the
 * cents left over go one by one to the shares that lost most to rounding (the earlier touch first on a tie).
 */
public final class CreditSplitter {

    private CreditSplitter() {
    }

    public static BigDecimal[] split(BigDecimal amount, double[] weights) {
        long[] cents = splitCents(amount.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact(),
                weights);
        BigDecimal[] credits = new BigDecimal[cents.length];
        for (int i = 0; i < cents.length; i++) {
            credits[i] = BigDecimal.valueOf(cents[i], 2);
        }
        return credits;
    }

    /** {@link #split} in whole cents. */
    public static long[] splitCents(long cents, double[] weights) {
        int n = weights.length;
        long[] whole = new long[n];
        if (n == 0) {
            return whole;
        }
        if (n == 1) {
            // most deals have one touch: all of it
            whole[0] = cents;
            return whole;
        }
        double[] lost = new double[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            double exact = cents * weights[i];
            whole[i] = (long) Math.floor(exact + 1e-9);
            lost[i] = exact - whole[i];
            given += whole[i];
        }
        long left = cents - given;
        int[] order = byMostLost(lost);
        for (int k = 0; left > 0; k = (k + 1) % n, left--) {
            whole[order[k]]++;
        }
        for (int k = n - 1; left < 0; k = (k - 1 + n) % n) {
            if (whole[order[k]] > 0) {
                whole[order[k]]--;
                left++;
            }
        }
        return whole;
    }

    /** Positions ordered by what they lost to rounding, most first, the earlier first on a tie (paths are short). */
    private static int[] byMostLost(double[] lost) {
        int[] order = new int[lost.length];
        for (int i = 0; i < order.length; i++) {
            int at = i;
            while (at > 0 && lost[order[at - 1]] < lost[i]) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = i;
        }
        return order;
    }
}
