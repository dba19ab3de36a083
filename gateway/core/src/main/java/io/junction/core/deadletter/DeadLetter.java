package io.junction.core.deadletter;

import io.junction.core.delivery.Failure;
import io.junction.spi.Message;

import java.time.Instant;

/**
 * A message in a subscription's dead-letter queue.
 *
 * @param sequence       its place in the queue: dead letters list and redrive in this order
 * @param message        the message as published
 * @param failure        why it got here
 * @param deadLetteredAt when it got here (last time)
 * @param redriving      true once redriven and until delivered and acked (or dead-lettered again)
 */
public record DeadLetter(long sequence, Message message, Failure failure, Instant deadLetteredAt, boolean redriving) {
    DeadLetter redriven() {
        return new DeadLetter(sequence, message, failure, deadLetteredAt, true);
    }
}
