package io.junction.spi;

import java.time.Instant;

/**
 * Where to rewind (or forward) a subscription: exactly one of a time or a backend position.
 *
 * @param time     deliver from the first message published at or after this time
 * @param position deliver from this backend-specific position (as in a {@link PublishReceipt})
 */
public record SeekTarget(Instant time, String position) {
    public SeekTarget {
        if ((time == null) == (position == null)) {
            throw new IllegalArgumentException("exactly one of time and position");
        }
    }

    public static SeekTarget toTime(Instant time) {
        return new SeekTarget(time, null);
    }

    public static SeekTarget toPosition(String position) {
        return new SeekTarget(null, position);
    }
}
