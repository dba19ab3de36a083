package io.junction.core.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;

/**
 * Keeps the catalog as one JSON file ({@code catalog.json} in the data dir). A save writes a temporary
 * file, forces it to disk and renames it over the old one, so a crash leaves either the old or the new
 * catalog, never a torn one.
 */
public final class FileCatalogStore implements CatalogStore {
    private final Path file;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public FileCatalogStore(Path dataDir) {
        this.file = dataDir.resolve("catalog.json");
    }

    @Override
    public synchronized CatalogSnapshot load() throws IOException {
        if (!Files.exists(file)) {
            return CatalogSnapshot.empty();
        }
        return json.readValue(file.toFile(), CatalogSnapshot.class);
    }

    @Override
    public synchronized void save(CatalogSnapshot snapshot) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(snapshot)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
