package org.convscope.ui.shell;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.AtomicFiles;
import org.convscope.io.ModelFileException;
import org.convscope.io.ModelJson;

/**
 * Keeps a recovery copy of a model with unsaved changes, so a crash never loses the user's work.
 *
 * <p>The shell calls {@link #update} on every change and {@link #flush()} every 30 s and at JVM
 * shutdown. The copy lives in {@code <home>/autosave/recovery.convscope.json}, with the original
 * file's path beside it; a clean exit or a save removes it. Writes are atomic.
 */
final class Autosave {

    /** What a previous run left behind. */
    record Recovery(ModelSpec model, Path originalFile, Instant savedAt) {
    }

    private record Pending(ModelSpec model, Path file) {
    }

    private final Path modelFile;
    private final Path infoFile;
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private volatile Pending written;

    Autosave(Path home) {
        Path dir = home.resolve("autosave");
        this.modelFile = dir.resolve("recovery.convscope.json");
        this.infoFile = dir.resolve("recovery.properties");
    }

    /** Records the current state: a dirty model is to be kept, a clean one needs no recovery copy. */
    void update(ModelSpec model, Path file, boolean dirty) {
        pending.set(dirty ? new Pending(model, file) : null);
    }

    /** Writes the recovery copy if the model changed since the last write, or removes it if clean. */
    synchronized void flush() throws IOException {
        Pending p = pending.get();
        if (p == null) {
            clear();
            return;
        }
        if (p.equals(written)) {
            return;
        }
        Properties info = new Properties();
        info.setProperty("file", p.file() == null ? "" : p.file().toString());
        info.setProperty("savedAt", Instant.now().toString());
        StringWriter w = new StringWriter();
        info.store(w, "ConvScope recovery copy");
        AtomicFiles.write(modelFile, ModelJson.toJson(p.model()).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(infoFile, w.toString().getBytes(StandardCharsets.UTF_8));
        written = p;
    }

    /** Removes the recovery copy (after a save, a discard or a clean exit). */
    synchronized void clear() throws IOException {
        Files.deleteIfExists(modelFile);
        Files.deleteIfExists(infoFile);
        written = null;
    }

    /** Returns what a previous run left behind, if it can be read. */
    Optional<Recovery> find() {
        if (!Files.isRegularFile(modelFile)) {
            return Optional.empty();
        }
        try {
            ModelSpec model = ModelJson.read(modelFile);
            Properties info = new Properties();
            if (Files.isRegularFile(infoFile)) {
                info.load(new StringReader(Files.readString(infoFile)));
            }
            String file = info.getProperty("file", "");
            Instant at = Instant.parse(info.getProperty("savedAt", Files.getLastModifiedTime(modelFile).toInstant().toString()));
            return Optional.of(new Recovery(model, file.isEmpty() ? null : Path.of(file), at));
        } catch (ModelFileException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Path modelFile() {
        return modelFile;
    }
}
