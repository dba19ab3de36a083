/**
 * The backend contract: what every broker adapter ("bridge") implements and what the gateway core
 * relies on. This package has no dependency on Vert.x or on any broker library.
 *
 * <h2>Division of labour</h2>
 * Delivery semantics (per-key sequencing, retry policy, dead letters, idempotency, ack deadlines)
 * live once, in the gateway core, above this contract. An adapter maps the few operations below onto
 * its broker's native mechanisms; it never retries on its own and never reorders messages.
 *
 * <h2>Threads and completion</h2>
 * Every method returning a {@link java.util.concurrent.CompletionStage} returns promptly and never
 * blocks the caller on broker I/O; the stage completes on a thread owned by the adapter (never the
 * caller's event loop), so the caller must hop back to its own thread before touching its state.
 * Failures complete the stage exceptionally with a {@link io.junction.spi.BackendException} whose
 * {@link io.junction.spi.ErrorKind} classifies the failure.
 */
package io.junction.spi;
