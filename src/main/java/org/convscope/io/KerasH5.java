package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.MemoryEstimate;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.TensorShape;

/**
 * Reads a Keras {@code .h5} model file, as Keras 2's {@code model.save("x.h5")} writes it (and Keras 3's legacy
 * HDF5 format): the architecture and the trained weights of the part ConvScope can represent.
 *
 * <p>Layout read: the root attribute {@code model_config} (the {@code model.to_json()} text, read with
 * {@link KerasJson#importModel}), and the group {@code model_weights} with one group per Keras layer whose attribute
 * {@code weight_names} lists its datasets, e.g. {@code model_weights/conv2d/conv2d/kernel:0}. Weights keep Keras'
 * layout: a Conv2D kernel is {@code (kh, kw, C_in, filters)}, a depthwise kernel {@code (kh, kw, C_in, dm)}, a
 * separable layer's pointwise kernel {@code (1, 1, C_in*dm, filters)}, a Dense kernel {@code (inputs, units)} with inputs after
 * a Flatten in channels-last order, batch normalisation has {@code gamma, beta, moving_mean, moving_variance}
 * ({@code (C)} each).
 *
 * <p>The file is parsed by jhdf, a pure-Java HDF5 reader, and nothing in it is run: a damaged or hostile file ends in
 * a {@link ModelFileException}. Every dataset's shape is checked against the model before its values are read, so an
 * absurd declared shape allocates nothing; weights must be finite float32 or float64 values.
 */
public final class KerasH5 {

    /** Larger files are refused before parsing (VGG16 with its top is 553 MB). */
    public static final long MAX_FILE_BYTES = 2L << 30;
    /** One weight array may hold at most this many values (1 GiB as float32); larger declared shapes are refused. */
    public static final long MAX_TENSOR_VALUES = 1L << 28;
    /** The {@code model_config} text may be at most this long (VGG16's is 14 KB, MobileNetV2's 100 KB). */
    private static final long MAX_CONFIG_BYTES = ModelJson.MAX_FILE_BYTES;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private KerasH5() {
    }

    /**
     * One weight array, in Keras' layout, row-major.
     *
     * @param name the dataset's name in the file, e.g. {@code conv2d/kernel:0}
     * @param shape its dimensions, e.g. {@code [3, 3, 3, 64]}
     * @param values {@code product(shape)} values
     */
    public record Tensor(String name, int[] shape, float[] values) {
    }

    /**
     * What a file holds.
     *
     * @param imported the supported part of the model and the list of what is not supported
     * @param weights for each layer of {@code imported.spec()}: a Conv2D or Dense layer's {@code kernel} and (if it
     *        has one) {@code bias}; a BatchNormalization layer's {@code gamma, beta, moving_mean, moving_variance};
     *        nothing for other layers
     * @param kerasVersion the {@code keras_version} attribute, or {@code "unknown"}
     * @param inputNormalization the input standardisation the file's model applies before its first layer (an ONNX
     *        graph's leading {@code Sub} and {@code Div}), or null
     */
    public record Contents(KerasJson.Imported imported, List<List<Tensor>> weights, String kerasVersion,
                           org.convscope.core.train.InputNormalization inputNormalization) {

        /** Contents without input standardisation (a Keras file's). */
        public Contents(KerasJson.Imported imported, List<List<Tensor>> weights, String kerasVersion) {
            this(imported, weights, kerasVersion, null);
        }
    }

    /** True when a file starts with the HDF5 signature (as {@code .h5} and {@code .hdf5} files do). */
    public static boolean isHdf5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(SIGNATURE.length);
            return Arrays.equals(head, SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    /** True for a name ending in {@code .h5}, {@code .hdf5} or {@code .keras.h5}, any case. */
    public static boolean hasH5Name(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".h5") || n.endsWith(".hdf5");
    }

    /**
     * Reads a Keras {@code .h5} model file.
     *
     * @param file the file
     * @return the model's supported part, its weights and the list of what is not supported
     * @throws ModelFileException if the file is missing, not HDF5, damaged, holds only weights, has a Lambda or custom
     *         layer, or its weights do not fit its model; the message says which, with the place in the file
     */
    public static Contents read(Path file) throws ModelFileException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException("$", tr("error.model.notFound"), e);
        } catch (IOException e) {
            throw new ModelFileException("$", tr("error.model.cannotRead", e.getMessage()), e);
        }
        if (size > MAX_FILE_BYTES) {
            throw new ModelFileException("$", tr("error.h5.tooLarge", size / (1 << 20), MAX_FILE_BYTES / (1 << 20)));
        }
        if (!isHdf5(file)) {
            throw new ModelFileException("$", tr("error.h5.notHdf5"));
        }
        try (HdfFile h5 = new HdfFile(file)) {
            return read(h5, String.valueOf(file.getFileName()));
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // jhdf reports damage as HdfException, buffer underflows, bad indices...: all mean a damaged file
            // (the exception's class stays in the cause, for ConvScopeException.detail())
            throw new ModelFileException("$", e.getMessage() == null || e.getMessage().isBlank() ? tr("error.h5.damaged")
                    : tr("error.h5.damagedWhy", e.getMessage()), e);
        }
    }

    private static Contents read(HdfFile h5, String fileName) throws ModelFileException {
        String config = stringAttribute(h5, "model_config", MAX_CONFIG_BYTES);
        if (config == null) {
            boolean weightsOnly = h5.getAttribute("layer_names") != null || h5.getAttribute("layer_names0") != null;
            throw new ModelFileException("/model_config", tr(weightsOnly ? "error.h5.weightsOnly" : "error.h5.noModel"));
        }
        String version = stringAttribute(h5, "keras_version", 1024);
        KerasJson.Imported imported;
        try {
            imported = KerasJson.importModel(config);
        } catch (ModelFileException e) {
            throw new ModelFileException("/model_config" + e.jsonPath().substring(1),
                    e.getMessage().substring(e.jsonPath().length() + 2), e);
        }
        Node weightsNode = h5.getChild("model_weights");
        if (!(weightsNode instanceof Group weightsGroup)) {
            throw new ModelFileException("/model_weights", tr("error.h5.noWeights"));
        }
        ModelAnalysis analysis = ModelAnalyzer.analyze(imported.spec());
        if (analysis.problem().isPresent()) {
            throw new ModelFileException("/model_config", tr("error.model.cannotBuild", analysis.problem().get().describe()));
        }
        checkFitsMemory(analysis, fileName, "/model_weights");
        List<List<Tensor>> weights = new ArrayList<>();
        for (int i = 0; i < imported.spec().layers().size(); i++) {
            weights.add(layerWeights(weightsGroup, imported.kerasNames().get(i), analysis.layers().get(i)));
        }
        return new Contents(imported, weights, version == null ? "unknown" : version);
    }

    /**
     * The weight arrays a layer needs, in the order {@link Contents#weights} documents.
     *
     * @param roles Keras' names for them, e.g. {@code kernel, bias}
     * @param shapes their shapes in Keras' layout, one per role
     */
    record Expected(List<String> roles, List<int[]> shapes) {
    }

    /** Returns the weights a layer needs, or null for a layer without weights. */
    static Expected expected(LayerInfo info) {
        LayerSpec spec = info.spec();
        List<int[]> shapes = new ArrayList<>();
        if (spec instanceof LayerSpec.Conv2D c) {
            int in = ((TensorShape.Spatial) info.input()).channels();
            shapes.add(new int[] {c.kernel().h(), c.kernel().w(), in, c.filters()});
            shapes.add(new int[] {c.filters()});
            return new Expected(c.useBias() ? List.of("kernel", "bias") : List.of("kernel"), shapes);
        } else if (spec instanceof LayerSpec.Dense d) {
            long in = info.input().elements();
            shapes.add(new int[] {(int) Math.min(in, Integer.MAX_VALUE), d.units()});
            shapes.add(new int[] {d.units()});
            return new Expected(d.useBias() ? List.of("kernel", "bias") : List.of("kernel"), shapes);
        } else if (spec instanceof LayerSpec.DepthwiseConv2D d) {
            int in = ((TensorShape.Spatial) info.input()).channels();
            shapes.add(new int[] {d.kernel().h(), d.kernel().w(), in, d.depthMultiplier()});
            shapes.add(new int[] {in * d.depthMultiplier()});
            return new Expected(d.useBias() ? List.of("depthwise_kernel", "bias") : List.of("depthwise_kernel"), shapes);
        } else if (spec instanceof LayerSpec.SeparableConv2D sc) {
            int in = ((TensorShape.Spatial) info.input()).channels();
            shapes.add(new int[] {sc.kernel().h(), sc.kernel().w(), in, sc.depthMultiplier()});
            shapes.add(new int[] {1, 1, in * sc.depthMultiplier(), sc.filters()});
            shapes.add(new int[] {sc.filters()});
            return new Expected(sc.useBias() ? List.of("depthwise_kernel", "pointwise_kernel", "bias")
                    : List.of("depthwise_kernel", "pointwise_kernel"), shapes);
        } else if (spec instanceof LayerSpec.BatchNormalization) {
            int ch = info.output().channelAxis();
            for (int k = 0; k < 4; k++) {
                shapes.add(new int[] {ch});
            }
            return new Expected(List.of("gamma", "beta", "moving_mean", "moving_variance"), shapes);
        }
        return null;
    }

    /**
     * Refuses, before any weight is read or any network is built, a model whose weights cannot fit: one array of more
     * than {@link #MAX_TENSOR_VALUES} values, or weights that need more than the heap holds three times over (the
     * values read, the network's copy, and a margin for what runs on them).
     *
     * @param analysis the model's analysis (valid)
     * @param fileName the file, named in the message
     * @param where where in the file the weights are
     * @throws ModelFileException naming the file, the weights and the memory they would need
     */
    static void checkFitsMemory(ModelAnalysis analysis, String fileName, String where) throws ModelFileException {
        for (LayerInfo info : analysis.layers()) {
            Expected e = expected(info);
            if (e == null) {
                continue;
            }
            long values = 1;
            for (int d : e.shapes().get(0)) {
                values *= d;
            }
            if (info.spec() instanceof LayerSpec.Dense) {
                values = info.input().elements() * ((LayerSpec.Dense) info.spec()).units();
            }
            if (values > MAX_TENSOR_VALUES) {
                throw new ModelFileException(where + "/" + info.name(), tr("error.h5.tensorTooLarge", fileName,
                        info.name(), e.roles().get(0), String.format(Locale.ROOT, "%,d", values),
                        MemoryEstimate.human(4 * values), String.format(Locale.ROOT, "%,d", MAX_TENSOR_VALUES)));
            }
        }
        long bytes = 4 * analysis.totalParams();
        long heap = Runtime.getRuntime().maxMemory();
        if (3 * bytes > heap) {
            throw new ModelFileException(where, tr("error.h5.outOfMemory", fileName,
                    String.format(Locale.ROOT, "%,d", analysis.totalParams()), MemoryEstimate.human(bytes),
                    MemoryEstimate.human(3 * bytes), MemoryEstimate.human(heap)));
        }
    }

    /** Returns a layer's weights in the order {@link Contents#weights} documents, each checked. */
    private static List<Tensor> layerWeights(Group root, String kerasName, LayerInfo info) throws ModelFileException {
        LayerSpec spec = info.spec();
        Expected expected = expected(info);
        if (expected == null) {
            return List.of();
        }
        List<String> roles = expected.roles();
        List<int[]> shapes = expected.shapes();
        String where = "/model_weights/" + kerasName;
        Node node = root.getChild(kerasName);
        if (!(node instanceof Group layer)) {
            throw new ModelFileException(where, tr("error.h5.layerWeightsMissing", kerasName));
        }
        List<String> names = stringsAttribute(layer, "weight_names", where);
        if (names.size() != roles.size()) {
            throw new ModelFileException(where + "@weight_names", tr("error.h5.weightCount", kerasName, spec.type(),
                    roles.size(), String.join(", ", roles), names.size()));
        }
        // match by name (kernel:0, bias:0, ...); Keras' own order where names say nothing
        String[] byRole = new String[roles.size()];
        boolean named = true;
        for (String n : names) {
            int r = roles.indexOf(role(n));
            if (r < 0 || byRole[r] != null) {
                named = false;
                break;
            }
            byRole[r] = n;
        }
        List<Tensor> out = new ArrayList<>();
        for (int r = 0; r < roles.size(); r++) {
            String name = named ? byRole[r] : names.get(r);
            out.add(tensor(child(layer, name), name, shapes.get(r), where + "/" + name));
        }
        checkVariance(spec, out, kerasName, where);
        return out;
    }

    /** Refuses a batch normalisation layer with a negative moving variance (its square root is taken). */
    static void checkVariance(LayerSpec spec, List<Tensor> weights, String kerasName, String where)
            throws ModelFileException {
        if (spec instanceof LayerSpec.BatchNormalization) {
            for (float v : weights.get(3).values()) {
                if (v < 0) {
                    throw new ModelFileException(where, tr("error.h5.negativeVariance", kerasName, v));
                }
            }
        }
    }

    /** {@code conv2d/kernel:0} -> {@code kernel}. */
    private static String role(String weightName) {
        String n = weightName.substring(weightName.lastIndexOf('/') + 1);
        int colon = n.indexOf(':');
        return colon >= 0 ? n.substring(0, colon) : n;
    }

    /** Returns the node at {@code path} under {@code group}, or null when there is none. */
    static Node child(Group group, String path) {
        try {
            return group.getByPath(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads one weight array after checking that its declared shape and type are what the model needs (so a huge
     * declared shape allocates nothing), and that every value is finite.
     *
     * @param node the dataset, or null (or another node) when it is missing
     * @param name its name, for messages
     * @param expected the shape the model needs
     * @param where its place in the file, for messages
     */
    static Tensor tensor(Node node, String name, int[] expected, String where) throws ModelFileException {
        if (!(node instanceof Dataset ds)) {
            throw new ModelFileException(where, tr("error.h5.arrayMissing", name));
        }
        long[] dims = ds.getDimensionsAsLong();
        if (dims.length != expected.length || !sameDims(dims, expected)) {
            throw new ModelFileException(where, tr("error.h5.shape", Arrays.toString(dims), Arrays.toString(expected)));
        }
        Class<?> type = ds.getJavaType();
        if (type != float.class && type != double.class) {
            throw new ModelFileException(where, tr("error.h5.type", type.getSimpleName()));
        }
        Object data = ds.getDataFlat();
        float[] values;
        if (data instanceof float[] f) {
            values = f;
        } else if (data instanceof double[] d) {
            values = new float[d.length];
            for (int k = 0; k < d.length; k++) {
                values[k] = (float) d[k];
            }
        } else {
            throw new ModelFileException(where, tr("error.h5.data", data == null ? tr("error.nothing") : data.getClass().getSimpleName()));
        }
        long count = 1;
        for (int d : expected) {
            count *= d;
        }
        if (values.length != count) {
            throw new ModelFileException(where, tr("error.h5.count", values.length, count));
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new ModelFileException(where, tr("error.h5.notFinite"));
            }
        }
        return new Tensor(name, expected.clone(), values);
    }

    private static boolean sameDims(long[] dims, int[] expected) {
        for (int k = 0; k < dims.length; k++) {
            if (dims[k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /** Returns a text attribute (fixed or variable length, bytes or UTF-8), or null when absent. */
    private static String stringAttribute(Node node, String name, long maxBytes) throws ModelFileException {
        Attribute a = node.getAttribute(name);
        if (a == null) {
            return null;
        }
        String where = node.getPath() + "@" + name;
        if (a.getSizeInBytes() > maxBytes || a.getSize() > maxBytes) {
            throw new ModelFileException(where, tr("error.h5.attributeTooLarge", maxBytes));
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] arr && arr.length == 1) {
            return arr[0];
        }
        throw new ModelFileException(where, tr("error.h5.notText", v == null ? tr("error.nothing") : v.getClass().getSimpleName()));
    }

    /** Returns a list-of-text attribute, split as Keras splits long ones ({@code name0, name1, ...}). */
    private static List<String> stringsAttribute(Node node, String name, String where) throws ModelFileException {
        List<String> out = new ArrayList<>();
        Attribute whole = node.getAttribute(name);
        if (whole != null) {
            addStrings(whole, out, where + "@" + name);
            return out;
        }
        for (int k = 0; ; k++) {
            Attribute part = node.getAttribute(name + k);
            if (part == null) {
                break;
            }
            addStrings(part, out, where + "@" + name + k);
        }
        return out;
    }

    private static void addStrings(Attribute a, List<String> into, String where) throws ModelFileException {
        if (a.getSizeInBytes() > MAX_CONFIG_BYTES || a.getSize() > 100_000) {
            throw new ModelFileException(where, tr("error.h5.attributeTooLarge2"));
        }
        if (a.isEmpty() || a.getSize() == 0) {
            return; // a layer without weights: Keras stores an empty float array
        }
        Object v = a.getData();
        if (v instanceof String s) {
            into.add(s);
        } else if (v instanceof String[] arr) {
            into.addAll(Arrays.asList(arr));
        } else if (v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 0) {
            return;
        } else {
            throw new ModelFileException(where, tr("error.h5.notNames", v == null ? tr("error.nothing") : v.getClass().getSimpleName()));
        }
    }
}
