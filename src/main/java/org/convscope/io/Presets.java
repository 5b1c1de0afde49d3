package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.convscope.core.model.ModelSpec;

/**
 * The bundled example models in {@code resources/presets}, each reproducing a seed tutorial's table.
 *
 * <p>{@code presets/index.txt} lists the ids in menu order; each id has a {@code presets/<id>.json}
 * model file on the class path.
 */
public final class Presets {

    /** The preset a new model starts from, and training uses by default. */
    public static final String DEFAULT_ID = "tf-cifar-cnn";

    /**
     * A bundled model.
     *
     * @param id short id used on the command line, e.g. {@code tf-cifar-cnn}
     * @param model the model
     */
    public record Preset(String id, ModelSpec model) {

        /** True for a graph model (ResNet, MobileNet-style): its layers branch and join. */
        public boolean graph() {
            return model.isGraph();
        }
    }

    private static volatile List<Preset> cache;

    private Presets() {
    }

    /**
     * Returns every bundled preset in menu order.
     *
     * @return the presets
     * @throws IllegalStateException if a bundled file is missing or broken (a packaging defect)
     */
    public static List<Preset> all() {
        List<Preset> presets = cache;
        if (presets == null) {
            presets = List.copyOf(loadAll());
            cache = presets;
        }
        return presets;
    }

    /** Returns the ids of every preset in menu order. */
    public static List<String> ids() {
        return all().stream().map(Preset::id).toList();
    }

    /** Finds a preset by id. */
    public static Optional<ModelSpec> find(String id) {
        return all().stream().filter(p -> p.id().equals(id)).map(Preset::model).findFirst();
    }

    private static List<Preset> loadAll() {
        List<Preset> out = new ArrayList<>();
        for (String id : readIndex()) {
            String resource = "presets/" + id + ".json";
            try (InputStream in = open(resource)) {
                out.add(new Preset(id, ModelJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
            } catch (IOException | ModelFileException e) {
                throw new IllegalStateException("bundled preset " + resource + " is broken: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static List<String> readIndex() {
        List<String> ids = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open("presets/index.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    ids.add(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read presets/index.txt", e);
        }
        return ids;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = Presets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(tr("error.preset.resourceMissing", resource));
        }
        return in;
    }
}
