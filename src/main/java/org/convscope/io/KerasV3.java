package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;

/**
 * Reads a Keras 3 model file ({@code model.save("model.keras")}): a zip holding {@code config.json} (the model's
 * serialized config: classes with {@code module}/{@code registered_name}, {@code build_config}, and for functional
 * models {@code inbound_nodes} with {@code args}/{@code kwargs}), {@code metadata.json} ({@code keras_version}) and
 * {@code model.weights.h5}, where each layer's weights are the datasets {@code layers/<name>/vars/0, 1, ...} in the
 * order the layer created them (Conv2D and Dense: kernel, bias; BatchNormalization: gamma, beta, moving mean, moving
 * variance); the {@code optimizer} group is ignored.
 *
 * <p>The config is read as {@link KerasJson#importModel} reads a {@code model_config} (a Sequential model or a
 * functional chain; the model is shown up to the first layer ConvScope cannot represent, a branch included), and the
 * weights are checked as {@link KerasH5} checks them. The archive is checked before anything is inflated, and again
 * while it is: at most {@value #MAX_ENTRIES} entries, each known entry under its size limit, and no entry inflating
 * to more than {@value #MAX_RATIO} times its compressed size, so a hostile zip ends in a {@link ModelFileException}
 * naming the file, never in an OutOfMemoryError. Nothing in the archive is run.
 */
public final class KerasV3 {

    /** The most entries an archive may have (Keras writes 3, plus assets). */
    public static final int MAX_ENTRIES = 1000;
    /** The most an entry may inflate to per compressed byte (Keras stores {@code model.weights.h5} uncompressed). */
    public static final int MAX_RATIO = 200;
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    private static final long MAX_METADATA_BYTES = 1 << 16;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KerasV3() {
    }

    /**
     * Reads a Keras 3 {@code .keras} file.
     *
     * @param file the file
     * @return the model's supported part, its weights (as {@link KerasH5.Contents#weights} documents them) and what is
     *         not supported; the version is metadata.json's {@code keras_version}
     * @throws ModelFileException if the file is missing, not such a zip, hostile or damaged, has a Lambda or custom
     *         layer, or its weights do not fit its model; the message names the file and the place in it
     */
    public static KerasH5.Contents read(Path file) throws ModelFileException {
        String name = String.valueOf(file.getFileName());
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException("$", tr("error.model.notFound"), e);
        } catch (IOException e) {
            throw new ModelFileException("$", tr("error.model.cannotRead", e.getMessage()), e);
        }
        if (size > KerasH5.MAX_FILE_BYTES) {
            throw new ModelFileException("$", tr("error.v3.tooLarge", name, size / (1 << 20), KerasH5.MAX_FILE_BYTES / (1 << 20)));
        }
        Path weights = null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry configEntry = checkEntries(zip, name);
            String config = new String(inflate(zip, configEntry, ModelJson.MAX_FILE_BYTES, name), StandardCharsets.UTF_8);
            ZipEntry metaEntry = zip.getEntry(METADATA);
            String version = metaEntry == null ? "unknown"
                    : version(new String(inflate(zip, metaEntry, MAX_METADATA_BYTES, name), StandardCharsets.UTF_8));
            KerasJson.Imported imported;
            try {
                imported = KerasJson.importModel(config);
            } catch (ModelFileException e) {
                throw new ModelFileException(CONFIG + " " + e.jsonPath(), e.getMessage().substring(e.jsonPath().length() + 2), e);
            }
            ModelAnalysis analysis = ModelAnalyzer.analyze(imported.spec());
            if (analysis.problem().isPresent()) {
                throw new ModelFileException(CONFIG, tr("error.model.cannotBuild", analysis.problem().get().describe()));
            }
            KerasH5.checkFitsMemory(analysis, name, WEIGHTS);
            ZipEntry weightsEntry = zip.getEntry(WEIGHTS);
            if (weightsEntry == null) {
                throw new ModelFileException(WEIGHTS, tr("error.v3.noWeights", name));
            }
            weights = Files.createTempFile("convscope-keras-", ".weights.h5");
            try (InputStream in = zip.getInputStream(weightsEntry); OutputStream out = Files.newOutputStream(weights)) {
                copyAtMost(in, out, KerasH5.MAX_FILE_BYTES, ratioLimit(weightsEntry), name, WEIGHTS);
            }
            return new KerasH5.Contents(imported, readWeights(weights, imported, analysis), version);
        } catch (ZipException e) {
            throw new ModelFileException("$", tr("error.v3.damaged", name, e.getMessage()), e);
        } catch (IOException e) {
            throw new ModelFileException("$", tr("error.file.cannotRead", name, e.getMessage()), e);
        } finally {
            if (weights != null) {
                try {
                    Files.deleteIfExists(weights);
                } catch (IOException ignored) {
                    // a temporary file; the system cleans it
                }
            }
        }
    }

    /** True when a file starts as a zip archive does (a {@code .keras} file is one; an {@code .h5} file is not). */
    public static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5);
        } catch (IOException e) {
            return false;
        }
    }

    /** True when a file is a zip whose entries are those of a Keras 3 model ({@code config.json} and more). */
    public static boolean isKerasV3(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry(CONFIG) != null && (zip.getEntry(METADATA) != null || zip.getEntry(WEIGHTS) != null);
        } catch (IOException e) {
            return false;
        }
    }

    /** Checks the entry count and every known entry's declared sizes; returns config.json's entry. */
    private static ZipEntry checkEntries(ZipFile zip, String name) throws ModelFileException {
        int count = 0;
        ZipEntry config = null;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            if (++count > MAX_ENTRIES) {
                throw new ModelFileException("$", tr("error.v3.tooManyEntries", name, MAX_ENTRIES));
            }
            long limit = e.getName().equals(CONFIG) ? ModelJson.MAX_FILE_BYTES : e.getName().equals(METADATA)
                    ? MAX_METADATA_BYTES : e.getName().equals(WEIGHTS) ? KerasH5.MAX_FILE_BYTES : -1;
            if (limit < 0) {
                continue; // assets and anything else are never read
            }
            if (e.getSize() > limit) {
                throw new ModelFileException(e.getName(), tr("error.v3.entryTooLarge", name, String.format(Locale.ROOT, "%,d", e.getSize()), String.format(Locale.ROOT, "%,d", limit)));
            }
            if (e.getSize() >= 0 && e.getCompressedSize() > 0 && e.getSize() > 4096
                    && e.getSize() / e.getCompressedSize() > MAX_RATIO) {
                throw new ModelFileException(e.getName(), tr("error.v3.ratio", name, String.format(Locale.ROOT, "%,d", e.getCompressedSize()),
                        String.format(Locale.ROOT, "%,d", e.getSize()), MAX_RATIO));
            }
            if (e.getName().equals(CONFIG)) {
                config = e;
            }
        }
        if (config == null) {
            throw new ModelFileException(CONFIG, tr("error.v3.noConfig", name));
        }
        return config;
    }

    /** The most bytes an entry may inflate to by its compressed size; no limit for a stored (uncompressed) entry. */
    private static long ratioLimit(ZipEntry e) {
        long compressed = e.getCompressedSize();
        return e.getMethod() == ZipEntry.STORED || compressed <= 0 ? Long.MAX_VALUE
                : Math.max(4096, compressed * MAX_RATIO);
    }

    private static byte[] inflate(ZipFile zip, ZipEntry e, long max, String name) throws IOException,
            ModelFileException {
        try (InputStream in = zip.getInputStream(e)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            copyAtMost(in, out, max, ratioLimit(e), name, e.getName());
            return out.toByteArray();
        }
    }

    /** Copies, counting the bytes as they inflate (a header's sizes may lie). */
    private static void copyAtMost(InputStream in, OutputStream out, long max, long ratioMax, String name, String entry)
            throws IOException, ModelFileException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > max || total > ratioMax) {
                throw new ModelFileException(entry, tr("error.v3.inflates", name, String.format(Locale.ROOT, "%,d", Math.min(max, ratioMax))));
            }
            out.write(buf, 0, n);
        }
    }

    /** Returns metadata.json's {@code keras_version}, or {@code "unknown"}. */
    private static String version(String metadata) {
        try {
            JsonNode v = MAPPER.readTree(metadata).path("keras_version");
            return v.isTextual() && v.asText().length() < 64 ? v.asText() : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Reads each shown layer's {@code layers/<name>/vars/<i>} datasets, checked as {@link KerasH5} checks them. */
    private static List<List<KerasH5.Tensor>> readWeights(Path h5File, KerasJson.Imported imported,
            ModelAnalysis analysis) throws ModelFileException {
        try (HdfFile h5 = new HdfFile(h5File)) {
            List<List<KerasH5.Tensor>> out = new ArrayList<>();
            for (int i = 0; i < imported.spec().layers().size(); i++) {
                out.add(layerWeights(h5, imported.kerasNames().get(i), analysis.layers().get(i)));
            }
            return out;
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new ModelFileException(WEIGHTS, e.getMessage() == null || e.getMessage().isBlank() ? tr("error.h5.damaged")
                    : tr("error.h5.damagedWhy", e.getMessage()), e);
        }
    }

    private static List<KerasH5.Tensor> layerWeights(HdfFile h5, String kerasName, LayerInfo info)
            throws ModelFileException {
        KerasH5.Expected expected = KerasH5.expected(info);
        if (expected == null) {
            return List.of();
        }
        String where = WEIGHTS + "/layers/" + kerasName + "/vars";
        Node vars = KerasH5.child(h5, "layers/" + kerasName + "/vars");
        if (!(vars instanceof Group group)) {
            throw new ModelFileException(where, tr("error.h5.layerWeightsMissing", kerasName));
        }
        int stored = group.getChildren().size();
        if (stored != expected.roles().size()) {
            throw new ModelFileException(where, tr("error.v3.weightCount", kerasName, info.spec().type(),
                    expected.roles().size(), String.join(", ", expected.roles()), stored));
        }
        List<KerasH5.Tensor> out = new ArrayList<>();
        for (int r = 0; r < expected.roles().size(); r++) {
            String index = Integer.toString(r);
            out.add(KerasH5.tensor(group.getChild(index), expected.roles().get(r), expected.shapes().get(r),
                    where + "/" + index));
        }
        KerasH5.checkVariance(info.spec(), out, kerasName, where);
        return out;
    }
}
