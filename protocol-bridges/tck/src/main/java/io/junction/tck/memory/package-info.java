/**
 * The in-memory reference backend: the executable meaning of the SPI. It keeps nothing on disk, so
 * "durable" means "in this JVM"; it exists to test the core and to pin down the contract that every
 * real bridge must also pass (the TCK runs unchanged against it).
 *
 * <p>Mapping: a topic fans each message out to one queue per subscription; a queue hands its messages
 * out in publish order (one lane, {@code "0"}); a nack returns the message to its original place in
 * the queue, available again after the delay; the delivery counter is per message and queue. Each topic
 * also keeps every message it was given, so a subscription can be rewound (REPLAY) to a time or to a
 * position (the publish sequence, as in the receipt).
 */
package io.junction.tck.memory;
