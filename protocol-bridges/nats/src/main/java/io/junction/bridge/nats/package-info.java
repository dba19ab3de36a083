/**
 * The NATS JetStream bridge: {@link io.junction.bridge.nats.NatsBackend}, type {@code nats}, created by
 * {@link io.junction.bridge.nats.NatsBackendFactory} (a {@code ServiceLoader} provider). Client: jnats;
 * server: nats-server 2.9 or later with JetStream.
 *
 * <h2>Mapping</h2>
 * <table>
 *   <caption>Junction concepts on JetStream</caption>
 *   <tr><th>Junction</th><th>JetStream</th></tr>
 *   <tr><td>topic</td><td>a stream named after the topic with {@code ~} for each {@code .} (see
 *   {@link io.junction.bridge.nats.Subjects}), capturing {@code <stream>.>}; file storage, interest retention
 *   (a message stays until every consumer acked it), duplicate window = the gateway's dedup window (from {@code TopicSpec}), replicas
 *   {@code replicas}. {@code ensureTopic} adopts an existing stream that captures those subjects and sets its
 *   duplicate window; other subjects are TERMINAL. {@code deleteTopic} deletes the stream.</td></tr>
 *   <tr><td>subscription</td><td>a durable pull consumer named the same way: deliver policy new, explicit
 *   ack, AckWait {@code ackWaitMs}, MaxAckPending {@code maxAckPending}, MaxDeliver -1. A missing stream is
 *   NOT_FOUND.</td></tr>
 *   <tr><td>publish</td><td>a request to {@code <stream>.<shard>} whose reply is the PubAck; completes with
 *   the stream sequence as position and the PubAck's duplicate flag. A request nobody answers is NOT_FOUND
 *   when the stream is missing, RETRIABLE otherwise.</td></tr>
 *   <tr><td>key order</td><td>shard = CRC-32(UTF-8 key) mod {@code shards} (of the id when unkeyed): a key
 *   stays on one subject, the lane. One consumer hands out the whole stream in order.</td></tr>
 *   <tr><td>dedup</td><td>{@code Nats-Msg-Id} = message id, inside the stream's duplicate window.</td></tr>
 *   <tr><td>ack / nack(delay) / extend</td><td>{@code +ACK} / {@code -NAK} or
 *   {@code -NAK {"delay": ns}} / {@code +WPI}, each a request to the message's reply subject, completed
 *   by the server's answer.</td></tr>
 *   <tr><td>attempt</td><td>{@code NumDelivered}.</td></tr>
 *   <tr><td>lane</td><td>the subject after {@code <stream>.}, e.g. {@code "7"}.</td></tr>
 *   <tr><td>prefetch</td><td>the batch of each pull request.</td></tr>
 *   <tr><td>replay</td><td>not supported: interest retention keeps no history.</td></tr>
 * </table>
 *
 * <h2>At-most-once topics</h2>
 * A topic ensured with {@code DeliveryMode.AT_MOST_ONCE} has no stream: {@code ensureTopic} refuses (TERMINAL)
 * when a stream captures its subjects, and an at-least-once {@code ensureTopic} of it is refused likewise.
 * Publish is a core NATS publish to the same subjects and headers as a stream's, completed after a flush
 * (the server has handed the message to the subscribers connected then), receipts without a position
 * ({@link io.junction.bridge.nats.AtMostOncePublisher}). A subscriber is a core subscription to
 * {@code <stream>.>} in a queue group named after the subscription
 * ({@link io.junction.bridge.nats.AtMostOnceSubscriber}); subscriptions have nothing to provision.
 * Deliveries: attempt 1, ack and extend complete at once, nack is UNSUPPORTED. Nothing on the server marks
 * a topic at-most-once, so a backend instance remembers the topics it ensured as such, in memory; the
 * gateway ensures every topic of its catalog at start. Capabilities of such a topic: AT_MOST_ONCE and
 * CONSUMER_GROUPS.
 *
 * <h2>Headers (what native clients see)</h2>
 * {@code Nats-Msg-Id}, {@code Junction-Key}, {@code Junction-Content-Type}, {@code Junction-Publish-Time}
 * (ISO-8601) and {@code Junction-H-<name>} per header, values and names made header-safe by
 * {@link io.junction.bridge.nats.HeaderText}. Native messages are read with fallbacks (see
 * {@link io.junction.bridge.nats.MessageCodec#decode}).
 *
 * <h2>Holding and ordering</h2>
 * The core holds deliveries unacked for as long as its retries take; the subscriber keeps each unsettled
 * delivery reserved with {@code +WPI} every third of the AckWait, so JetStream redelivers only what a dead
 * gateway held. To keep per-key order across such a crash, the first subscriber of a subscription in a
 * backend instance holds new messages back while the predecessor's may still come back
 * ({@link io.junction.bridge.nats.RecoveryGate}).
 *
 * <h2>Capabilities</h2>
 * ORDERED_PER_KEY (subject shards, stream order, the recovery gate), NATIVE_DEDUP ({@code Nats-Msg-Id}),
 * NATIVE_DELAY (nak with delay), DELIVERY_COUNT ({@code NumDelivered}, kept by the server across gateway
 * restarts), CONSUMER_GROUPS (pullers of one durable consumer share its messages; per-key order across
 * gateways is not kept) and AT_MOST_ONCE (see above). No REPLAY.
 *
 * <h2>Connections, threads and completion</h2>
 * One connection per backend; it reconnects for ever and buffers nothing while disconnected, so calls then
 * fail at once as RETRIABLE. Threads: an admin thread (stream and consumer calls, each bounded by
 * {@code callTimeoutMs}), an outbox thread that writes every publish and acknowledgement (writing can block
 * on the client's buffer; callers never do), a flusher thread for at-most-once publishes, one receiver
 * thread per subscriber (the client's dispatcher thread for at-most-once subscribers), and the
 * {@code junction-nats-<name>-complete} thread that completes every stage and runs the timers
 * ({@link io.junction.bridge.support.Completions}).
 */
package io.junction.bridge.nats;
