/**
 * Plumbing the broker bridges share, free of any broker library and of Vert.x.
 *
 * <ul>
 *   <li>{@link io.junction.bridge.support.Threads}: named daemon threads.</li>
 *   <li>{@link io.junction.bridge.support.Completions}: the single thread that completes every stage a backend
 *       hands out and runs its timers; failures go through the bridge's own error classifier.</li>
 *   <li>{@link io.junction.bridge.support.BackendLifecycle}: start once, close once (on a thread of its own,
 *       always the same stage), CLOSED for whatever is asked while closing.</li>
 *   <li>{@link io.junction.bridge.support.SettingsReader}: typed reading of a backend's settings map that
 *       collects every problem, unknown keys included.</li>
 *   <li>{@link io.junction.bridge.support.ExistenceCache}: names recently seen to exist, kept for a fixed
 *       time, positive answers only.</li>
 *   <li>{@link io.junction.bridge.support.SettleOnce}: the one settlement a delivery allows (NOT_FOUND when
 *       settled twice, CLOSED once its subscriber is closing).</li>
 *   <li>{@link io.junction.bridge.support.PublisherPool}: publisher threads, a key always on the same one, with
 *       a bound on unconfirmed messages; each thread sends through a broker-specific
 *       {@link io.junction.bridge.support.JobSender} and completes a
 *       {@link io.junction.bridge.support.PublishJob} once the broker confirmed all its messages.</li>
 * </ul>
 *
 * Each bridge keeps what is its own: its error classification, its settings and their checks, its broker calls.
 */
package io.junction.bridge.support;
