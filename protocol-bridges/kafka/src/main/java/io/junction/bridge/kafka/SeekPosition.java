package io.junction.bridge.kafka;

import java.util.Map;
import java.util.TreeMap;

import io.junction.spi.ErrorKind;

/**
 * Where {@link KafkaBackend#seek} moves a subscription, parsed from text: {@code earliest} (every
 * partition's first retained message), {@code latest} (past the last: only what is published from now on),
 * or offsets per partition {@code <partition>:<offset>[,<partition>:<offset>...]}, the form of a publish
 * receipt's position (e.g. {@code 3:1042}); partitions not named keep their offsets.
 */
record SeekPosition(Kind kind, Map<Integer, Long> offsets) {
    enum Kind { EARLIEST, LATEST, OFFSETS }

    /** @throws io.junction.spi.BackendException TERMINAL naming what is wrong with the text */
    static SeekPosition parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("earliest")) {
            return new SeekPosition(Kind.EARLIEST, Map.of());
        }
        if (t.equalsIgnoreCase("latest")) {
            return new SeekPosition(Kind.LATEST, Map.of());
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        for (String part : t.split(",")) {
            String[] po = part.trim().split(":");
            try {
                int partition = Integer.parseInt(po[0].trim());
                long offset = po.length == 2 ? Long.parseLong(po[1].trim()) : -1;
                if (po.length != 2 || partition < 0 || offset < 0 || offsets.put(partition, offset) != null) {
                    throw invalid(text);
                }
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
        }
        return new SeekPosition(Kind.OFFSETS, Map.copyOf(offsets));
    }

    private static RuntimeException invalid(String text) {
        return Errors.of(ErrorKind.TERMINAL, "a Kafka position is 'earliest', 'latest' or <partition>:<offset>"
                + " pairs separated by commas, e.g. '0:15,3:7'; got '" + text + "'");
    }
}
