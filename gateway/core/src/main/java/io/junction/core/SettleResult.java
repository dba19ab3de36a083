package io.junction.core;

import java.util.List;

/**
 * The outcome of an ack, nack or extend call.
 *
 * @param settled ackIds the call applied to
 * @param unknown ackIds that are unknown, already settled or expired (their messages were or will be redelivered)
 * @param failed  ackIds whose settlement the broker did not confirm (their messages will be redelivered)
 */
public record SettleResult(List<String> settled, List<String> unknown, List<String> failed) {
    public SettleResult {
        settled = List.copyOf(settled);
        unknown = List.copyOf(unknown);
        failed = List.copyOf(failed);
    }
}
