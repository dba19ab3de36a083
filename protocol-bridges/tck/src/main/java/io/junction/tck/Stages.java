package io.junction.tck;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers to wait for stages, bounded in time. */
public final class Stages {
    /** The longest any single broker call may take in a test. */
    public static final long TIMEOUT_SECONDS = 30;

    private Stages() {
    }

    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("stage failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Asserts that the stage fails with a {@link BackendException} of the given kind. */
    public static void awaitFailure(ErrorKind expected, CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            fail("expected a failure of kind " + expected + " but the stage succeeded");
        } catch (ExecutionException e) {
            assertEquals(expected, BackendException.kindOf(e.getCause()), "failure kind of " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete within " + TIMEOUT_SECONDS + " s", e);
        } catch (BackendException e) {
            assertEquals(expected, e.kind(), "failure kind of " + e);
        }
    }
}
