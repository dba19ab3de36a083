/**
 * The Apache Kafka bridge: {@link io.junction.bridge.kafka.KafkaBackend}, type {@code kafka}, created by
 * {@link io.junction.bridge.kafka.KafkaBackendFactory} (a {@code ServiceLoader} provider). It needs only
 * {@code kafka-clients} (4.4), which talks to brokers 2.1 and later; it is tested against the 4.4 KRaft broker
 * of {@code embedded-dev}.
 *
 * <h2>Mapping</h2>
 * <table>
 *   <caption>Junction concepts on Kafka</caption>
 *   <tr><th>Junction</th><th>Kafka</th></tr>
 *   <tr><td>topic</td><td>topic of the same name with {@code partitions} partitions (8 by default), replication
 *   factor {@code replicationFactor} (the broker's default unless set) and {@code topicConfig}. {@code ensureTopic}
 *   completes once every partition has a leader; {@code deleteTopic} deletes the topic, and Kafka drops the
 *   consumer groups' offsets for it.</td></tr>
 *   <tr><td>subscription</td><td>consumer group {@code groupIdPrefix + name} (no prefix by default). It exists while
 *   the group has committed offsets for the topic: {@code ensureSubscription} commits the topic's end offsets
 *   for a group without any, so the subscription gets what is published afterwards. {@code deleteSubscription}
 *   deletes the group (only its offsets for the topic when it has others); TERMINAL while consumers are
 *   attached. Several subscribers, in any gateway instance, are members of the group and share its partitions.</td></tr>
 *   <tr><td>publish</td><td>one record per message through an idempotent producer with {@code acks=all}:
 *   complete once every in-sync replica has it. The receipt's position is {@code <partition>:<offset>}.
 *   A batch is sent in order (so per key in order) and completes when every record is acknowledged; it is
 *   not atomic, as the SPI allows. A missing topic is NOT_FOUND (checked with the admin client and cached
 *   for {@code topicCacheMs}: a producer would wait for the metadata of a missing topic, and a broker with
 *   auto-creation on would create it).</td></tr>
 *   <tr><td>key order</td><td>the message key is the record key, so Kafka's partitioner puts a key in one
 *   partition for as long as the topic's partition count stays the same. The lane of a delivery is its
 *   partition; a subscriber hands each partition's records to the core in offset order, and the core
 *   sequences keys within a lane while different keys, also of one partition, proceed in parallel.
 *   Unkeyed messages have a null key: Kafka's sticky partitioner spreads them.</td></tr>
 *   <tr><td>dedup</td><td>none in Kafka: the idempotent producer only removes its own retries of one send. The
 *   gateway's idempotency store does it; NATIVE_DEDUP is not claimed.</td></tr>
 *   <tr><td>ack</td><td>the offset is settled in the partition's ledger; the subscriber commits (asynchronously,
 *   one commit at a time, each carrying every ack since the last) the lowest offset of the partition still
 *   open, so a crash redelivers what was not settled and never loses it. Acks above that offset travel in the
 *   commit metadata ({@link io.junction.bridge.kafka.CommitMetadata}), so the partition's next owner skips
 *   them. The ack completes once a commit recording it succeeded; a commit that keeps failing for
 *   {@code callTimeoutMs} fails the ack RETRIABLE.</td></tr>
 *   <tr><td>nack(delay)</td><td>Kafka has no per-record redelivery: the subscriber hands the same record out
 *   again after the delay, to the same subscription only, with the attempt one higher; its offset stays
 *   uncommitted meanwhile. NATIVE_DELAY is not claimed, so the core holds keyed (and all other) retries
 *   itself and never nacks through the adapter.</td></tr>
 *   <tr><td>attempt</td><td>1 plus the nacks this subscriber saw. Kafka counts no deliveries, so
 *   DELIVERY_COUNT is not claimed; the core's attempt ledger covers restarts.</td></tr>
 *   <tr><td>extend</td><td>completes at once: Kafka keeps no timer per record (a member stays alive by
 *   heartbeats; the poll thread never stops polling, so {@code max.poll.interval.ms} is not at risk).</td></tr>
 *   <tr><td>pause / resume</td><td>stop and restart the handing out at once; the consumer pauses its assigned
 *   partitions while fetched records wait (at most one poll's worth, {@code max.poll.records} = prefetch).</td></tr>
 *   <tr><td>rebalance</td><td>classic group protocol with the cooperative sticky assignor: only partitions that
 *   move are revoked. A revoked partition's deliveries get {@code revokeGraceMs} to be settled (acks are
 *   taken and committed meanwhile), then the partition is committed synchronously and let go; settling its
 *   remaining deliveries fails RETRIABLE and the new owner delivers them. A killed gateway's partitions move
 *   after {@code sessionTimeoutMs}.</td></tr>
 *   <tr><td>replay</td><td>{@link io.junction.bridge.kafka.KafkaBackend#seek}: to a time (per partition the
 *   first record whose timestamp, i.e. publish time, is at or after it) or to a position ({@code earliest},
 *   {@code latest} or {@code <partition>:<offset>} pairs), through the admin client's offset alteration,
 *   which Kafka allows only while the group has no member.</td></tr>
 * </table>
 *
 * <h2>Record headers (what native clients see)</h2>
 * Record key = the message key in UTF-8 (null without one); value = the payload; timestamp = the publish time
 * in epoch milliseconds (CreateTime); headers, values in UTF-8:
 * <ul>
 *   <li>{@code junction_id}: the message id;</li>
 *   <li>{@code content-type}: the content type, when known (the name the CloudEvents Kafka binding uses);</li>
 *   <li>{@code junction_publish_nanos}: the nanoseconds within the timestamp's millisecond, when not 0;</li>
 *   <li>every message header under its own (lower-case) name; a header whose name starts with {@code junction_}
 *   or is {@code content-type} is written as {@code junction_h_<name>} instead.</li>
 * </ul>
 * A record from any other producer is read with fallbacks: id {@code kafka-<partition>-<offset>} (stable, so
 * attempts and dead letters attach to it), key decoded as UTF-8, a null value as an empty payload, publish
 * time from the timestamp (the broker's append time on topics with {@code LogAppendTime}), and its headers
 * with lower-cased names as headers, except values that are not valid UTF-8 and other {@code junction_*} names.
 * Consumers read with {@code isolation.level=read_committed}: aborted transactions of native producers are skipped.
 *
 * <h2>Capabilities</h2>
 * ORDERED_PER_KEY (key to partition, partition order), REPLAY (offsets by time or position), CONSUMER_GROUPS.
 * Not NATIVE_DEDUP, NATIVE_DELAY or DELIVERY_COUNT, see above.
 *
 * <h2>Why consumer groups and not share groups for {@code "ordering": "none"}</h2>
 * Share groups (KIP-932, "queues for Kafka", GA since 4.2) deliver records of one partition to many consumers
 * with per-record acknowledgement and a broker-side delivery count; they were considered and not used:
 * <ul>
 *   <li>the broker counts every delivery, including a lock that expired, and archives a record for good after
 *   {@code group.share.delivery.count.limit} (5 by default, at most {@code group.share.max.delivery.count.limit},
 *   10 by default). Junction's core owns retries (up to 1,000 attempts, or for ever with dead letters off) and
 *   its own dead-letter queue with redrive; the broker dropping a record, or moving it to a share-group
 *   dead-letter topic outside that queue, would break "a message is gone only after it is acked or dead-lettered";</li>
 *   <li>an acquired record is locked for {@code group.share.record.lock.duration.ms} (30 s by default, at most
 *   60 s by default) while the core holds deliveries for up to the ack deadline (10 min) and retries for up to
 *   the maximum backoff (under 24 h): each would need its lock renewed over and over, or be delivered to another
 *   consumer meanwhile and counted;</li>
 *   <li>the SPI's {@code SubscriptionSpec} does not say whether a subscription is ordered, and a PUT may change
 *   its ordering later: a subscription would have to move its cursor between a consumer group and a share group;</li>
 *   <li>what share groups would add for unordered subscriptions is mostly there already: with
 *   {@code "ordering": "none"} the core hands out every fetched message at once, to any number of clients; the
 *   partition count bounds only the number of gateway instances fetching a subscription at the same time.</li>
 * </ul>
 *
 * <h2>Threads and completion</h2>
 * One producer shared by all publishes, sent to from one publisher thread ({@code send} may block on metadata
 * or a full buffer; at most {@code maxPendingPublishes} messages unacknowledged, more are OVERLOADED); the
 * asynchronous admin client for provisioning, health and replay; per subscriber one {@code KafkaConsumer} on its
 * own poll thread ({@link io.junction.bridge.kafka.KafkaSubscriber}). Every stage completes on the single
 * {@code junction-kafka-<name>-complete} thread ({@link io.junction.bridge.support.Completions}).
 */
package io.junction.bridge.kafka;
