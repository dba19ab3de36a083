/**
 * The conformance suite every backend runs unchanged. A bridge's test sources extend
 * {@link io.junction.tck.BackendConformanceTest} (the SPI contract, directly against the adapter) and
 * {@link io.junction.tck.GatewayConformanceTest} (the delivery semantics of the gateway core on top of
 * the adapter), supplying only how to make a started backend. Tests that need a capability the backend
 * does not declare are skipped by assumption and reported as skipped, never silently passed.
 */
package io.junction.tck;
