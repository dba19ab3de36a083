/**
 * The RabbitMQ bridge: {@link io.junction.bridge.rabbitmq.RabbitMqBackend}, type {@code rabbitmq}, created by
 * {@link io.junction.bridge.rabbitmq.RabbitMqBackendFactory} (a {@code ServiceLoader} provider), over AMQP
 * 0-9-1 with {@code com.rabbitmq:amqp-client}. Needs RabbitMQ 3.10+ with the {@code rabbitmq_sharding}
 * plugin (for its {@code x-modulus-hash} exchange type), and {@code rabbitmq_management} to delete topics.
 *
 * <h2>Mapping</h2>
 * <table>
 *   <caption>Junction concepts on RabbitMQ</caption>
 *   <tr><th>Junction</th><th>RabbitMQ</th></tr>
 *   <tr><td>topic</td><td>durable <b>fanout exchange</b> named as the topic, plus a durable classic queue
 *   {@code <topic>:discard} with {@code x-max-length = 0} bound to it (see "Unroutable messages" below).
 *   {@code deleteTopic} asks the management API which subscriptions are bound to the exchange (AMQP cannot
 *   list bindings), deletes the exchange, then those subscriptions and the discard queue.</td></tr>
 *   <tr><td>subscription</td><td>a durable <b>{@code x-modulus-hash} exchange</b> {@code <subscription>:shards}
 *   bound to the topic's exchange, and N durable <b>quorum queues</b> {@code <subscription>:00} ..
 *   {@code :NN} (N = {@code shards}, 4 by default), each with {@code x-single-active-consumer}, bound to it.
 *   The binding to the topic is made last, so the subscription receives every message published after
 *   {@code ensureSubscription} completed. An existing subscription keeps the number of shard queues it was
 *   created with (counted by passive declares), so a changed setting never moves a key to another shard.
 *   AMQP cannot tell which topic an existing subscription is bound to; the gateway's catalog refuses a
 *   subscription re-created on another topic.</td></tr>
 *   <tr><td>publish</td><td>{@code basic.publish} to the topic's exchange, {@code mandatory}, persistent,
 *   on a channel in <b>confirm mode</b>; the stage completes after the broker's {@code basic.ack} (quorum
 *   queues confirm once the message is in their fsynced log). A {@code basic.nack} or a lost channel fails it
 *   RETRIABLE (outcome unknown), as does a confirmation later than {@code callTimeoutMs}. A missing topic is
 *   NOT_FOUND: the adapter checks the exchange with a passive declare (positive answers cached for
 *   {@code topicCacheMs}), because publishing to a missing exchange makes the broker close the channel.</td></tr>
 *   <tr><td>receipt</td><td>{@code PublishReceipt(id, null, false)}: RabbitMQ reports no position.</td></tr>
 *   <tr><td>key order</td><td>routing key = the key, or the message id when unkeyed (unkeyed messages spread
 *   over the shards); its SHA-256 when longer than AMQP's 255 bytes. The modulus-hash exchange sends it to
 *   shard queue number {@code phash2(routing key) mod N} (queues taken in name order), the same one after
 *   broker restarts (checked, including after {@code kill -9}; see "Why not x-consistent-hash");
 *   single-active-consumer lets one consumer in the cluster read a shard queue at a time, in queue order; a
 *   quorum queue gives messages back (nack, lost consumer) ahead of the rest, in their order. Publishes of
 *   one key go through one channel, in call order. Lane = the shard queue's name.</td></tr>
 *   <tr><td>dedup</td><td>none natively (no NATIVE_DEDUP): the gateway's idempotency store.</td></tr>
 *   <tr><td>attempt</td><td>1 + {@code x-delivery-count}, which quorum queues keep per message and raise on
 *   every return (nack with requeue, consumer channel or connection closed, a killed gateway). It counts
 *   deliveries to the gateway: a message fetched ahead and returned unseen (a subscriber closed while it
 *   waited in the prefetch) counts too.</td></tr>
 *   <tr><td>ack</td><td>{@code basic.ack}, then a synchronous round trip on the channel; see
 *   {@link io.junction.bridge.rabbitmq.RabbitMqSubscriber}. At least once: AMQP 0-9-1 never confirms an ack
 *   durably.</td></tr>
 *   <tr><td>nack(delay)</td><td>{@code basic.nack(requeue=true)}, after the delay has passed on the
 *   adapter's timer (RabbitMQ has no per-message delay without a plugin: no NATIVE_DELAY). The message
 *   returns to the head of its queue.</td></tr>
 *   <tr><td>extend</td><td>completes at once: no per-delivery timer. The broker-wide {@code consumer_timeout}
 *   (30 minutes by default) must exceed how long the gateway may hold a delivery (ack deadline plus retry
 *   backoff); the embedded broker turns it off.</td></tr>
 *   <tr><td>prefetch</td><td>{@code basic.qos(prefetch)} per shard consumer.</td></tr>
 *   <tr><td>replay</td><td>not supported (no REPLAY; {@code seek} keeps the contract's default, UNSUPPORTED):
 *   a subscription's queues drop what was acked. RabbitMQ streams keep history, but over AMQP 0-9-1 in 3.10
 *   a stream has no per-message acknowledgement or redelivery, no delivery count and no single active
 *   consumer, so the at-least-once, attempt and per-key guarantees above would all have to be rebuilt in the
 *   adapter.</td></tr>
 * </table>
 *
 * <h2>Why not x-consistent-hash</h2>
 * The consistent-hash exchange was the first choice, and it spreads keys the same way. But in RabbitMQ 3.10
 * its ring is not stored: at every boot it is rebuilt from the bindings, which the broker's recovery workers
 * add concurrently, in no fixed order, so after a restart many keys map to another shard queue (60 keys on 12
 * shards moved after a first restart and again after the next; {@code BrokerRestartTest}, which checks that
 * every key keeps its shard across a restart, failed with it). A key that changes shards loses its order
 * across the restart: its old messages wait in one queue while new ones arrive in another, read by
 * independent consumers. The modulus-hash exchange keeps no state: it takes the bound queues sorted by name
 * and the hash of the routing key, so the mapping depends only on the set of shard queues, which a
 * subscription never changes. Adding or removing a queue bound to a subscription's exchange by hand would
 * move keys, as it would with a ring. Equal strength otherwise: one routing step, one binding per shard, and
 * it ships with RabbitMQ (without a sharding policy the plugin does nothing else).
 *
 * <h2>Unroutable messages</h2>
 * Every publish is {@code mandatory}, so a message the broker routes to no queue at all comes back
 * ({@code basic.return}) instead of vanishing, and fails its publish (TERMINAL). A topic without
 * subscriptions is legal and keeps nothing, yet its publishes must succeed: that is what the discard queue is
 * for. It is bound to every topic, so a message always reaches at least that queue, where the length limit of
 * 0 drops it at once (confirmed, not returned). A return therefore means a damaged topic (its exchange lost
 * every binding, the discard queue included); {@code ensureTopic} repairs it. A publish to a topic whose
 * exchange does not exist is NOT_FOUND, never a return.
 *
 * <h2>Message properties (what native clients see)</h2>
 * <ul>
 *   <li>body: the payload; delivery mode 2 (persistent); routing key: see key order above;</li>
 *   <li>{@code message-id}: the message id; {@code content-type}: the content type, when known;
 *   {@code timestamp}: the publish time (AMQP keeps seconds);</li>
 *   <li>headers {@code junction-key} (the full key, when there is one), {@code junction-publish-time} (epoch
 *   milliseconds, a long), {@code junction-publish-nanos} (the nanoseconds within that millisecond, when not
 *   0) and {@code junction-h-<name>} per header (names are lower case, e.g. {@code junction-h-x-trace}).</li>
 * </ul>
 * Any AMQP client may bind a queue of its own to a topic's exchange and read every message published after.
 * A message from a native publisher to a topic's exchange (one without {@code junction-publish-time}) is
 * pulled through Junction with fallbacks: key = its routing key (none when empty), id = its
 * {@code message-id} or else {@code amqp-} and a digest of routing key, timestamp and body (stable across
 * redeliveries), publish time from the timestamp, content type from {@code content-type}, and its own scalar
 * headers (not {@code x-delivery-count}, {@code x-death} and the like) as headers with lower-cased names.
 *
 * <h2>Capabilities</h2>
 * ORDERED_PER_KEY and DELIVERY_COUNT (see above). Not NATIVE_DEDUP, NATIVE_DELAY or REPLAY. Not
 * CONSUMER_GROUPS either: several gateways may consume one subscription safely (single active consumer per
 * shard, automatic failover), but they do not share its load: the first consumer of a shard queue keeps it.
 *
 * <h2>Connections, threads and completion</h2>
 * Two connections, one for publishing and one for consuming and provisioning, since RabbitMQ blocks
 * publishing connections during a resource alarm (then publishes fail at once as OVERLOADED) and acks must
 * still flow. Both reconnect on their own (see {@link io.junction.bridge.rabbitmq.Connector}); while one is
 * down, calls needing it fail at once with RETRIABLE, and subscribers reopen their channels when it is back.
 * Threads: {@code publisherChannels} publisher threads, each with its own confirming channel (a key always
 * goes to the same one); one admin thread; one thread per subscriber; two dispatch threads of the client. All
 * stages complete on the single {@code junction-rabbitmq-<name>-complete} thread
 * ({@link io.junction.bridge.support.Completions}).
 *
 * <h2>Limits</h2>
 * RabbitMQ 3.10 sends no cancel to the consumers of a quorum queue that is deleted and declared again at
 * once: a subscriber of another gateway instance attached to a subscription that is deleted and re-created
 * within a moment keeps a dead consumer until it is closed (the gateway closes idle subscribers). A gateway
 * closes its own subscribers before deleting a subscription, so it is not affected.
 *
 * <p>Batches are sent as single messages on one channel and complete when every message is confirmed:
 * AMQP transactions would add a round trip and no atomicity across queues, and the caller retries a failed
 * batch whole with the same ids.
 */
package io.junction.bridge.rabbitmq;
