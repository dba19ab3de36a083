package io.junction.core.catalog;

import java.io.IOException;

/**
 * Durable storage of the catalog. Both methods block on I/O: callers run them on worker threads.
 * Implementations serialise concurrent saves; the last save wins.
 */
public interface CatalogStore {
    CatalogSnapshot load() throws IOException;

    void save(CatalogSnapshot snapshot) throws IOException;
}
