/**
 * The ActiveMQ Artemis bridge: {@link io.junction.bridge.artemis.ArtemisBackend}, type {@code artemis},
 * created by {@link io.junction.bridge.artemis.ArtemisBackendFactory} (a {@code ServiceLoader} provider).
 *
 * <h2>Why the core client, not JMS</h2>
 * The Artemis core client reaches the broker's own model directly: fully qualified queue names
 * ({@code address::queue}), scheduled delivery, duplicate ids, the delivery count, multicast queues
 * created and deleted by name, and asynchronous send confirmations with failure reports. JMS would hide
 * most of these behind vendor properties and add session rules the gateway does not want (CLIENT_ACKNOWLEDGE
 * acknowledges every message of the session; individual acks are a vendor extension). Requires an
 * Artemis 2.7+ broker (asynchronous send failures are reported back from that version on).
 *
 * <h2>Mapping</h2>
 * <table>
 *   <caption>Junction concepts on Artemis</caption>
 *   <tr><th>Junction</th><th>Artemis</th></tr>
 *   <tr><td>topic</td><td>MULTICAST address named exactly as the topic. {@code ensureTopic} creates it
 *   (true when it did not exist; an existing address without multicast routing is TERMINAL).
 *   {@code deleteTopic} removes the address with its queues and their messages through the management
 *   operation {@code deleteAddress(name, force=true)} (the core client cannot delete addresses; the user
 *   needs the {@code manage} permission).</td></tr>
 *   <tr><td>subscription</td><td>durable MULTICAST queue named as the subscription on the topic's address,
 *   created by {@code createQueue}; NOT_FOUND when the address is missing, TERMINAL when a queue of that name
 *   is bound elsewhere. {@code deleteSubscription} runs the management operation
 *   {@code destroyQueue(name, removeConsumers=true)}; false when no such queue is bound to the topic.</td></tr>
 *   <tr><td>publish</td><td>durable core message of type BYTES (a JMS {@code BytesMessage}, an AMQP
 *   {@code Data} section), body = the payload. Completes once the broker confirmed it, i.e. after its journal
 *   sync. A missing topic is NOT_FOUND: the adapter checks that the address exists (answers cached for
 *   {@code addressCacheMs}) because a broker with auto-create on would accept and drop the message.</td></tr>
 *   <tr><td>receipt</td><td>{@code PublishReceipt(id, null, false)}: Artemis reports no position, and a
 *   duplicate is dropped silently by the broker, so it cannot be flagged.</td></tr>
 *   <tr><td>key order</td><td>{@code _AMQ_GROUP_ID} (JMSXGroupID): a message group is pinned to one consumer
 *   of the queue, so per-key order holds across competing consumers and gateways. One lane, {@code "0"}.</td></tr>
 *   <tr><td>dedup</td><td>{@code _AMQ_DUPL_ID} = the message id. The broker keeps the last
 *   {@code id-cache-size} ids (20,000 by default) per address: a count, not a time window.</td></tr>
 *   <tr><td>nack(delay)</td><td>a copy sent to {@code <topic>::<subscription>} (only this subscription sees
 *   it) with {@code _AMQ_SCHED_DELIVERY} = now + delay when positive, {@code junction_attempt} = attempt + 1,
 *   no duplicate id; after the broker stored it, the original is acknowledged. The copy joins the end of the
 *   queue. A crash between the two steps gives a duplicate, never a loss.</td></tr>
 *   <tr><td>attempt</td><td>{@code junction_attempt} (1 when absent) + delivery count - 1.</td></tr>
 *   <tr><td>ack</td><td>individual acknowledge, blocking until the broker has stored it.</td></tr>
 *   <tr><td>extend</td><td>completes at once: Artemis has no broker-side ack deadline.</td></tr>
 *   <tr><td>prefetch</td><td>consumer window of prefetch &times; 1 KiB (Artemis flow control counts bytes).</td></tr>
 *   <tr><td>replay</td><td>not supported.</td></tr>
 * </table>
 *
 * <h2>Message properties (what native clients see)</h2>
 * <ul>
 *   <li>{@code junction_id} and {@code _AMQ_DUPL_ID}: the message id;</li>
 *   <li>{@code junction_key} and {@code _AMQ_GROUP_ID} (JMS: {@code JMSXGroupID}): the key, when there is one;</li>
 *   <li>{@code junction_content_type}: the content type, when known;</li>
 *   <li>{@code junction_h_<name>}: each header (names are lower case, e.g. {@code junction_h_x-trace});</li>
 *   <li>{@code junction_publish_time}: publish time in epoch milliseconds, also the message timestamp
 *   (JMSTimestamp); {@code junction_publish_nanos}: the nanoseconds within that millisecond, when not 0;</li>
 *   <li>{@code junction_attempt}: on redelivery copies only.</li>
 * </ul>
 * A message from a native producer is read with fallbacks: key from {@code _AMQ_GROUP_ID}, id
 * {@code "ID:" + user id} (its JMSMessageID), publish time from the timestamp, a TEXT body as UTF-8 with
 * content type {@code text/plain; charset=utf-8}, and its application properties (neither Artemis-internal
 * {@code _*} nor {@code JMS*}) as headers with lower-cased names.
 *
 * <h2>Capabilities</h2>
 * ORDERED_PER_KEY (message groups), NATIVE_DEDUP, NATIVE_DELAY (scheduled delivery), CONSUMER_GROUPS
 * (competing consumers on one queue) and DELIVERY_COUNT: the broker counts deliveries per message and
 * keeps the count when a consumer's connection dies (a killed gateway), journalling it when it takes the
 * delivery back, so the next gateway sees attempt 2; nack copies carry their attempt in a durable property.
 A clean close of a subscriber rolls its session back with the last received message counted as
 * delivered (as JMS {@code recover} does), so those redeliveries count too. One limit: a delivery in flight
 * when the <em>broker</em> crashes is not counted unless the broker sets
 * {@code persist-delivery-count-before-delivery}. No REPLAY.
 *
 * <h2>Connections, threads and completion</h2>
 * Two connections: publishing sessions use a confirmation window, so each send is asynchronous and
 * confirmed (or refused) by the broker later, many in flight per session; consuming and admin sessions
 * use none, so the broker releases a dead gateway's deliveries at once instead of keeping its sessions
 * for reattachment. Both reconnect on their own ({@code reconnectAttempts}). Every session is used by the
 * backend's own named threads: {@code publisherThreads} publisher threads (a key always goes to the same
 * one, so its publishes stay in call order), one admin thread, and per subscriber a receiver and a settler
 * thread. All stages complete on the single {@code junction-artemis-<name>-complete} thread
 * ({@link io.junction.bridge.support.Completions}).
 *
 * <p>Batches are sent like single messages and complete when every message is confirmed, rather than
 * in one transaction: the broker syncs its journal for many confirmations at once anyway, and a
 * transaction holding a duplicate id is rolled back whole, which would make "retry the whole batch with
 * the same ids" fail for ever after a partly stored batch.
 *
 * <h2>Broker settings Junction expects</h2>
 * {@code max-delivery-attempts} -1 (or a dead-letter address) on Junction's addresses: retries belong to the
 * gateway, and Artemis' default of 10 drops a message without a dead-letter address. Auto-create of
 * addresses may stay on, but off is exact (the embedded broker turns it off).
 */
package io.junction.bridge.artemis;
