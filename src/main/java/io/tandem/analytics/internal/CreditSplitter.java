package io.tandem.analytics.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Turns weights into money that adds up to the amount to the cent: each share is rounded down to cents, and the
 * cents left over go one by one to the shares that lost most to rounding (the earlier touch first on a tie).
 */
public final class CreditSplitter {

    private CreditSplitter() {
    }

    public static BigDecimal[] split(BigDecimal amount, double[] weights) {
        int n = weights.length;
        BigDecimal[] credits = new BigDecimal[n];
        if (n == 0) {
            return credits;
        }
        long cents = amount.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
        long[] whole = new long[n];
        double[] lost = new double[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            double exact = cents * weights[i];
            whole[i] = (long) Math.floor(exact + 1e-9);
            lost[i] = exact - whole[i];
            given += whole[i];
        }
        long left = cents - given;
        Integer[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -lost[i]).thenComparingInt(i -> i))
                .toArray(Integer[]::new);
        for (int k = 0; left > 0; k = (k + 1) % n, left--) {
            whole[order[k]]++;
        }
        for (int k = n - 1; left < 0; k = (k - 1 + n) % n) {
            if (whole[order[k]] > 0) {
                whole[order[k]]--;
                left++;
            }
        }
        for (int i = 0; i < n; i++) {
            credits[i] = BigDecimal.valueOf(whole[i], 2);
        }
        return credits;
    }
}
