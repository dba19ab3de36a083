package io.junction.bridge.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;

class BackendLifecycleTest {
    private final Completions completions = new Completions("test-complete",
            t -> t instanceof BackendException be ? be : new BackendException(ErrorKind.RETRIABLE, t.toString(), t));
    private final BackendLifecycle lifecycle = new BackendLifecycle("Test", "b1", completions);

    @AfterEach
    void stop() {
        completions.shutdown();
    }

    @Test
    void startsOnce() throws Exception {
        assertEquals("ok", lifecycle.start(() -> CompletableFuture.completedFuture("ok")).toCompletableFuture().get());
        assertEquals(ErrorKind.TERMINAL, kindOf(lifecycle.start(() -> CompletableFuture.completedFuture("again"))));
    }

    @Test
    void closeShutsDownOnceAndAlwaysAnswersTheSameStage() throws Exception {
        AtomicInteger shutdowns = new AtomicInteger();
        Runnable shutDown = () -> {
            shutdowns.incrementAndGet();
            lifecycle.closed();
        };
        CompletionStage<Void> first = lifecycle.close(shutDown);
        assertSame(first, lifecycle.close(shutDown));
        first.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(1, shutdowns.get());
    }

    @Test
    void whatIsAskedWhileClosingIsClosed() {
        lifecycle.close(lifecycle::closed);
        assertEquals(ErrorKind.CLOSED, kindOf(lifecycle.start(() -> CompletableFuture.completedFuture("late"))));
        assertEquals(ErrorKind.CLOSED, kindOf(lifecycle.unlessClosing(() -> CompletableFuture.completedFuture("late"))));
        assertEquals(ErrorKind.CLOSED, assertThrows(BackendException.class, () -> lifecycle.whileOpen(() -> "late")).kind());
    }

    private static ErrorKind kindOf(CompletionStage<?> stage) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS));
        return BackendException.kindOf(e.getCause());
    }
}
