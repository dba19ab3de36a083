package io.junction.bridge.support;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads, so a thread dump shows which backend owns what. */
public final class Threads {
    private Threads() {
    }

    /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> daemon(prefix + "-" + counter.incrementAndGet(), task);
    }

    /** Starts {@code task} on a new daemon thread called {@code name}. */
    public static Thread start(String name, Runnable task) {
        Thread thread = daemon(name, task);
        thread.start();
        return thread;
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
