package io.junction.core;

import io.junction.spi.Message;

import java.time.Instant;

/**
 * A message handed to a pulling client.
 *
 * @param ackId    opaque token to ack, nack or extend this delivery; null on an at-most-once topic
 * @param message  the message
 * @param attempt  the delivery attempt, starting at 1 (always 1 on an at-most-once topic)
 * @param deadline when the delivery is redelivered unless acked, nacked or extended; null on an
 *                 at-most-once topic
 */
public record ReceivedMessage(String ackId, Message message, int attempt, Instant deadline) {
}
