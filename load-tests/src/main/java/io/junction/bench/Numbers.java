package io.junction.bench;

import java.math.BigDecimal;
import java.math.MathContext;

/** How figures go into the report. */
final class Numbers {
    private static final MathContext FOUR_DIGITS = new MathContext(4);

    private Numbers() {
    }

    /** Four significant digits; null (JSON {@code null}) for NaN and infinities, which JSON cannot hold. */
    static Double round(double value) {
        return Double.isFinite(value) ? new BigDecimal(value).round(FOUR_DIGITS).doubleValue() : null;
    }
}
