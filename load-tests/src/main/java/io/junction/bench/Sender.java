package io.junction.bench;

import java.util.concurrent.CompletionStage;

/** One asynchronous publish operation (one message, or one batch), as the load drivers issue it. */
@FunctionalInterface
interface Sender {
    /** Starts the operation; the stage completes when it was confirmed, or fails. Called by one thread at a time. */
    CompletionStage<?> send();
}
