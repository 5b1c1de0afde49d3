package org.convscope.io;

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
     */
    public record Contents(KerasJson.Imported imported, List<List<Tensor>> weights, String kerasVersion) {
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
            throw new ModelFileException("$", "file not found", e);
        } catch (IOException e) {
            throw new ModelFileException("$", "cannot be read: " + e.getMessage(), e);
        }
        if (size > MAX_FILE_BYTES) {
            throw new ModelFileException("$", "the file is " + size / (1 << 20) + " MiB; Keras model files above "
                    + MAX_FILE_BYTES / (1 << 20) + " MiB are refused.");
        }
        if (!isHdf5(file)) {
            throw new ModelFileException("$", "not an HDF5 file (it does not start with the HDF5 signature). Keras writes "
                    + ".h5 model files with model.save(\"model.h5\").");
        }
        try (HdfFile h5 = new HdfFile(file)) {
            return read(h5);
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // jhdf reports damage as HdfException, buffer underflows, bad indices...: all mean a damaged file
            // (the exception's class stays in the cause, for ConvScopeException.detail())
            throw new ModelFileException("$", "the HDF5 file is damaged or truncated"
                    + (e.getMessage() == null || e.getMessage().isBlank() ? "." : " (" + e.getMessage() + ")."), e);
        }
    }

    private static Contents read(HdfFile h5) throws ModelFileException {
        String config = stringAttribute(h5, "model_config", MAX_CONFIG_BYTES);
        if (config == null) {
            boolean weightsOnly = h5.getAttribute("layer_names") != null || h5.getAttribute("layer_names0") != null;
            throw new ModelFileException("/model_config", weightsOnly
                    ? "the file holds only weights (model.save_weights), not the model; save the whole model with "
                    + "model.save(\"model.h5\")."
                    : "missing: this HDF5 file has no Keras model (model_config attribute). Keras writes one with "
                    + "model.save(\"model.h5\").");
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
            throw new ModelFileException("/model_weights", "missing: the file has the model but not its weights (saved "
                    + "with include_optimizer only, or damaged).");
        }
        ModelAnalysis analysis = ModelAnalyzer.analyze(imported.spec());
        if (analysis.problem().isPresent()) {
            throw new ModelFileException("/model_config", "the model cannot be built: "
                    + analysis.problem().get().describe());
        }
        List<List<Tensor>> weights = new ArrayList<>();
        for (int i = 0; i < imported.spec().layers().size(); i++) {
            weights.add(layerWeights(weightsGroup, imported.kerasNames().get(i), analysis.layers().get(i)));
        }
        return new Contents(imported, weights, version == null ? "unknown" : version);
    }

    /** Returns a layer's weights in the order {@link Contents#weights} documents, each checked. */
    private static List<Tensor> layerWeights(Group root, String kerasName, LayerInfo info) throws ModelFileException {
        LayerSpec spec = info.spec();
        List<String> roles;
        List<int[]> shapes = new ArrayList<>();
        if (spec instanceof LayerSpec.Conv2D c) {
            int in = ((TensorShape.Spatial) info.input()).channels();
            roles = c.useBias() ? List.of("kernel", "bias") : List.of("kernel");
            shapes.add(new int[] {c.kernel().h(), c.kernel().w(), in, c.filters()});
            shapes.add(new int[] {c.filters()});
        } else if (spec instanceof LayerSpec.Dense d) {
            long in = info.input().elements();
            roles = d.useBias() ? List.of("kernel", "bias") : List.of("kernel");
            shapes.add(new int[] {(int) in, d.units()});
            shapes.add(new int[] {d.units()});
        } else if (spec instanceof LayerSpec.DepthwiseConv2D d) {
            int in = ((TensorShape.Spatial) info.input()).channels();
            roles = d.useBias() ? List.of("depthwise_kernel", "bias") : List.of("depthwise_kernel");
            shapes.add(new int[] {d.kernel().h(), d.kernel().w(), in, d.depthMultiplier()});
            shapes.add(new int[] {in * d.depthMultiplier()});
        } else if (spec instanceof LayerSpec.SeparableConv2D sc) {
            int in = ((TensorShape.Spatial) info.input()).channels();
            roles = sc.useBias() ? List.of("depthwise_kernel", "pointwise_kernel", "bias")
                    : List.of("depthwise_kernel", "pointwise_kernel");
            shapes.add(new int[] {sc.kernel().h(), sc.kernel().w(), in, sc.depthMultiplier()});
            shapes.add(new int[] {1, 1, in * sc.depthMultiplier(), sc.filters()});
            shapes.add(new int[] {sc.filters()});
        } else if (spec instanceof LayerSpec.BatchNormalization) {
            int ch = info.output().channelAxis();
            roles = List.of("gamma", "beta", "moving_mean", "moving_variance");
            for (int k = 0; k < 4; k++) {
                shapes.add(new int[] {ch});
            }
        } else {
            return List.of();
        }
        String where = "/model_weights/" + kerasName;
        Node node = root.getChild(kerasName);
        if (!(node instanceof Group layer)) {
            throw new ModelFileException(where, "missing: the weights of layer " + kerasName + " are not in the file.");
        }
        List<String> names = stringsAttribute(layer, "weight_names", where);
        if (names.size() != roles.size()) {
            throw new ModelFileException(where + "@weight_names", "layer " + kerasName + " (" + spec.type() + ") should have "
                    + roles.size() + " weight arrays (" + String.join(", ", roles) + ") but lists " + names.size() + ".");
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
            out.add(tensor(layer, name, shapes.get(r), where + "/" + name));
        }
        if (spec instanceof LayerSpec.BatchNormalization) {
            for (float v : out.get(3).values()) {
                if (v < 0) {
                    throw new ModelFileException(where, "layer " + kerasName + " has a negative moving variance (" + v + ").");
                }
            }
        }
        return out;
    }

    /** {@code conv2d/kernel:0} -> {@code kernel}. */
    private static String role(String weightName) {
        String n = weightName.substring(weightName.lastIndexOf('/') + 1);
        int colon = n.indexOf(':');
        return colon >= 0 ? n.substring(0, colon) : n;
    }

    private static Tensor tensor(Group layer, String name, int[] expected, String where) throws ModelFileException {
        Node node;
        try {
            node = layer.getByPath(name);
        } catch (RuntimeException e) {
            node = null;
        }
        if (!(node instanceof Dataset ds)) {
            throw new ModelFileException(where, "missing: the weight array " + name + " is not in the file.");
        }
        long[] dims = ds.getDimensionsAsLong();
        if (dims.length != expected.length || !sameDims(dims, expected)) {
            throw new ModelFileException(where, "the weight array has shape " + Arrays.toString(dims) + " but the model"
                    + " needs " + Arrays.toString(expected) + ".");
        }
        Class<?> type = ds.getJavaType();
        if (type != float.class && type != double.class) {
            throw new ModelFileException(where, "the weights are " + type.getSimpleName() + " values; expected float32"
                    + " or float64.");
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
            throw new ModelFileException(where, "unexpected weight data (" + (data == null ? "none" : data.getClass().getSimpleName()) + ").");
        }
        long count = 1;
        for (int d : expected) {
            count *= d;
        }
        if (values.length != count) {
            throw new ModelFileException(where, "holds " + values.length + " values; its shape needs " + count + ".");
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new ModelFileException(where, "holds NaN or infinite weights.");
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
            throw new ModelFileException(where, "the attribute is larger than " + maxBytes + " bytes; refused.");
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] arr && arr.length == 1) {
            return arr[0];
        }
        throw new ModelFileException(where, "expected text but found " + (v == null ? "nothing" : v.getClass().getSimpleName()) + ".");
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
            throw new ModelFileException(where, "the attribute is too large; refused.");
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
            throw new ModelFileException(where, "expected a list of names but found "
                    + (v == null ? "nothing" : v.getClass().getSimpleName()) + ".");
        }
    }
}
