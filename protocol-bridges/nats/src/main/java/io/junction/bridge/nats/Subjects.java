package io.junction.bridge.nats;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/**
 * Where Junction's names live on NATS. A topic or subscription name becomes one subject token, the
 * stream's and the durable consumer's name, by writing {@code ~} for each {@code .} (JetStream names allow
 * no dots, and a dot would make topic {@code a.b}'s subjects overlap topic {@code a}'s). A topic's stream
 * captures {@code <token>.>}; a message goes to {@code <token>.<shard>}, the shard being CRC-32 of the
 * key's UTF-8 bytes (of the id when there is no key) modulo the shard count, so one key stays on one
 * subject: one ordered lane.
 */
final class Subjects {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private Subjects() {
    }

    /** The stream (or durable consumer) name for a topic (or subscription) name. */
    static String token(String name) {
        if (!NAME.matcher(name).matches()) {
            throw Errors.of(ErrorKind.TERMINAL, "'" + name + "' is not a name the NATS backend can map (" + NAME + ")");
        }
        return name.replace('.', '~');
    }

    /** What the topic's stream captures. */
    static String wildcard(String topic) {
        return token(topic) + ".>";
    }

    static String subject(String topic, Message message, int shards) {
        return token(topic) + "." + shard(message.key() != null ? message.key() : message.id(), shards);
    }

    static int shard(String key, int shards) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    /** The lane of a message on {@code subject} in {@code stream}: the subject after the stream's token. */
    static String lane(String stream, String subject) {
        return subject.startsWith(stream + ".") ? subject.substring(stream.length() + 1) : subject;
    }
}
