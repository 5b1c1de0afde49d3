package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.AtomicFiles;
import org.convscope.io.ModelFileException;
import org.convscope.io.ModelJson;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained model on disk ({@code *.convscope.zip}): the model file ({@code model.convscope.json}) and
 * every parameter as little-endian float32 ({@code params.bin}, DL4J's flattened order, batch-norm moving
 * statistics included).
 *
 * <p>Loading rebuilds the network from the JSON and assigns the parameters, so nothing in the archive is
 * ever deserialised as code; unknown entries are ignored and sizes are checked. The optimiser's state
 * is not saved: training a loaded model starts its optimiser afresh.
 */
final class Dl4jModelFile {

    static final String MODEL_ENTRY = "model.convscope.json";
    static final String PARAMS_ENTRY = "params.bin";
    /** Optional: {@code mean m1 m2 ...} and {@code std s1 s2 ...} lines, one value per input channel. */
    static final String NORMALIZATION_ENTRY = "input-normalization.txt";
    /** Optional: the class names, one per line (UTF-8), index = class; see {@code CompiledModel#classNames()}. */
    static final String CLASS_NAMES_ENTRY = "class-names.txt";
    /** Optional: why the model is only part of the file it was imported from; see {@code CompiledModel#partial()}. */
    static final String PARTIAL_ENTRY = "partial.txt";
    private static final int MAX_TEXT_ENTRY = 1 << 20;

    private Dl4jModelFile() {
    }

    static void save(Dl4jModel model, Path file) throws IOException {
        INDArray params;
        synchronized (model) {
            params = model.isGraph() ? model.graph().params().castTo(DataType.FLOAT).dup()
                    : model.network().params().castTo(DataType.FLOAT).dup();
        }
        float[] values = params.toFloatVector();
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(values.length * 4 + 4096);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(MODEL_ENTRY));
            zip.write(ModelJson.toJson(model.spec()).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(PARAMS_ENTRY));
            zip.write(buf.array());
            zip.closeEntry();
            var n = model.inputNormalization();
            if (n.isPresent()) {
                zip.putNextEntry(new ZipEntry(NORMALIZATION_ENTRY));
                zip.write(("mean " + join(n.get().mean()) + "\nstd " + join(n.get().std()) + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            if (!model.classNames().isEmpty()) {
                zip.putNextEntry(new ZipEntry(CLASS_NAMES_ENTRY));
                zip.write((String.join("\n", model.classNames()) + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            if (model.partial().isPresent()) {
                zip.putNextEntry(new ZipEntry(PARTIAL_ENTRY));
                zip.write(model.partial().get().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    static Dl4jModel load(Dl4jEngine engine, Path file) throws IOException {
        String name = file.getFileName().toString();
        String json = null;
        byte[] params = null;
        String normalization = null;
        String classNames = null;
        String partial = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(MODEL_ENTRY)) {
                    json = new String(readAtMost(zip, ModelJson.MAX_FILE_BYTES, name, MODEL_ENTRY), StandardCharsets.UTF_8);
                } else if (e.getName().equals(PARAMS_ENTRY)) {
                    params = readAtMost(zip, paramsLimit(json, name), name, PARAMS_ENTRY);
                } else if (e.getName().equals(NORMALIZATION_ENTRY)) {
                    normalization = new String(readAtMost(zip, 1 << 16, name, NORMALIZATION_ENTRY), StandardCharsets.UTF_8);
                } else if (e.getName().equals(CLASS_NAMES_ENTRY)) {
                    classNames = new String(readAtMost(zip, MAX_TEXT_ENTRY, name, CLASS_NAMES_ENTRY), StandardCharsets.UTF_8);
                } else if (e.getName().equals(PARTIAL_ENTRY)) {
                    partial = new String(readAtMost(zip, MAX_TEXT_ENTRY, name, PARTIAL_ENTRY), StandardCharsets.UTF_8);
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException(tr("error.trained.notArchive", name, e.getMessage()), e);
        }
        if (json == null || params == null) {
            throw new IOException(tr("error.trained.lacks", name, json == null ? MODEL_ENTRY : PARAMS_ENTRY));
        }
        ModelSpec spec;
        try {
            spec = ModelJson.parse(json);
        } catch (ModelFileException e) {
            throw new IOException(tr("error.trained.invalidEntry", name, MODEL_ENTRY, e.getMessage()), e);
        }
        Dl4jModel model;
        try {
            model = (Dl4jModel) engine.compile(spec, 0);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
        long expected = model.parameterCount();
        if (params.length != expected * 4) {
            throw new IOException(tr("error.trained.paramCount", name, params.length / 4, expected));
        }
        float[] values = new float[(int) expected];
        ByteBuffer.wrap(params).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        checkFinite(values, spec, name);
        INDArray flat = Nd4j.create(values, new long[] {1, expected}, 'c');
        synchronized (model) {
            model.setParams(flat);
        }
        if (normalization != null) {
            try {
                model.setInputNormalization(parseNormalization(normalization));
            } catch (IllegalArgumentException e) {
                throw new IOException(tr("error.trained.invalidEntry", name, NORMALIZATION_ENTRY, e.getMessage()), e);
            }
        }
        if (classNames != null) {
            try {
                model.setClassNames(classNames.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
            } catch (IllegalArgumentException e) {
                throw new IOException(tr("error.trained.invalidEntry", name, CLASS_NAMES_ENTRY, e.getMessage()), e);
            }
        }
        if (partial != null && !partial.isBlank()) {
            model.setPartial(partial.strip());
        }
        return model;
    }

    private static String join(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.length() == 0 ? "" : " ").append(d);
        }
        return sb.toString();
    }

    private static org.convscope.core.train.InputNormalization parseNormalization(String text) {
        double[] mean = null;
        double[] std = null;
        for (String line : text.split("\\R")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length < 2) {
                continue;
            }
            double[] values = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                try {
                    values[i - 1] = Double.parseDouble(parts[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(tr("error.trained.notNumber", parts[i]));
                }
            }
            if (parts[0].equals("mean")) {
                mean = values;
            } else if (parts[0].equals("std")) {
                std = values;
            }
        }
        return new org.convscope.core.train.InputNormalization(mean, std);
    }

    /**
     * The most bytes {@code params.bin} may inflate to: exactly what the model's parameters take ({@code 4 * count},
     * the model entry comes first in archives ConvScope writes), else a quarter of the heap and at most 2 GiB; a
     * model whose weights cannot fit the heap three times over is refused before anything is read.
     */
    static long paramsLimit(String json, String archive) throws IOException {
        long heap = Runtime.getRuntime().maxMemory();
        long limit = Math.min(2L << 30, heap / 4);
        if (json == null) {
            return limit;
        }
        ModelSpec spec;
        try {
            spec = ModelJson.parse(json);
        } catch (ModelFileException e) {
            throw new IOException(tr("error.trained.invalidEntry", archive, MODEL_ENTRY, e.getMessage()), e);
        }
        var analysis = org.convscope.core.analysis.ModelAnalyzer.analyze(spec);
        if (!analysis.valid()) {
            return limit; // compiling it explains the problem
        }
        long bytes = 4 * analysis.totalParams();
        if (3 * bytes > heap) {
            throw new IOException(tr("error.trained.outOfMemory", archive, grouped(analysis.totalParams()),
                    grouped(bytes >> 20), grouped((3 * bytes) >> 20), grouped(heap >> 20)));
        }
        return bytes;
    }

    /**
     * Refuses weights that are not numbers: a model with a NaN or infinite weight predicts NaN for every class.
     *
     * @throws IOException naming the first such weight, its layer and its index in the file
     */
    static void checkFinite(float[] values, ModelSpec spec, String archive) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                String layer = "?";
                long start = 0;
                for (var info : org.convscope.core.analysis.ModelAnalyzer.analyze(spec).layers()) {
                    if (i < start + info.params()) {
                        layer = info.name();
                        break;
                    }
                    start += info.params();
                }
                throw new IOException(tr("error.trained.notFinite", archive, grouped(i + 1), grouped(values.length),
                        layer, Float.isNaN(values[i]) ? "NaN" : values[i] > 0 ? "+Infinity" : "-Infinity"));
            }
        }
    }

    private static byte[] readAtMost(InputStream in, long max, String archive, String entry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > max) {
                throw new IOException(tr("error.trained.inflates", archive, entry, grouped(max)));
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** A count with thousands separators, one form in every language ({@code 61,706}). */
    private static String grouped(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
