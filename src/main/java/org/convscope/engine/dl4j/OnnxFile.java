package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.convscope.io.ModelFileException;
import org.convscope.io.OnnxGraph;

/**
 * Reads an ONNX file's {@code ModelProto} with the ONNX protobuf classes nd4j-api ships ({@code onnx.Onnx}, on
 * ND4J's shaded protobuf), into an {@link OnnxGraph}. It lives here, not in {@code io}, because those classes are
 * ND4J's (see ArchitectureTest); everything after parsing is {@code io.OnnxImport}'s.
 *
 * <p>Limits come before allocation: the file's size before it is read, each tensor's declared dimensions (their
 * product, without overflow) before its values are converted, and the values present must be exactly as many as
 * declared. Weights in external data files are refused; float weights must be finite. Every failure is a
 * {@link ModelFileException} whose message names the file.
 */
public final class OnnxFile {

    /** Larger files are refused before reading (protobuf's own limit is 2 GiB). */
    static final long MAX_FILE_BYTES = 1L << 30;
    /** The most values one tensor may declare (256 M, 1 GiB of floats). */
    static final long MAX_TENSOR_VALUES = 1L << 28;

    private static final int FLOAT = 1;
    private static final int INT32 = 6;
    private static final int INT64 = 7;
    private static final int DOUBLE = 11;

    private OnnxFile() {
    }

    /**
     * Reads and checks a file.
     *
     * @param file an {@code .onnx} file
     * @return its graph
     * @throws ModelFileException naming the file: missing, too large, not ONNX protobuf, truncated, without an opset
     *         or graph, weights in external files, absurd or inconsistent tensor sizes, non-finite weights
     */
    static OnnxGraph read(Path file) throws ModelFileException {
        String name = String.valueOf(file.getFileName());
        byte[] bytes = bytes(file, name);
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(bytes);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new ModelFileException("$", tr("error.onnx.damaged", name, e.getClass().getSimpleName()), e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new ModelFileException("$", tr("error.onnx.noGraph", name));
        }
        long opset = -1;
        for (Onnx.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = o.getVersion();
            }
        }
        if (opset < 0) {
            throw new ModelFileException("$", tr("error.onnx.noOpset", name));
        }
        return graph(model, name, opset);
    }

    private static byte[] bytes(Path file, String name) throws ModelFileException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ModelFileException("$", tr("error.onnx.tooLarge", name, size / (1 << 20), MAX_FILE_BYTES / (1 << 20)));
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException("$", tr("error.onnx.notFound", name), e);
        } catch (IOException e) {
            throw new ModelFileException("$", tr("error.onnx.cannotRead", name, e.getMessage()), e);
        }
    }

    private static OnnxGraph graph(Onnx.ModelProto model, String name, long opset) throws ModelFileException {
        Onnx.GraphProto g = model.getGraph();
        Map<String, OnnxGraph.Tensor> init = new HashMap<>();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            init.put(t.getName(), tensor(t, name));
        }
        Onnx.ValueInfoProto input = null;
        for (Onnx.ValueInfoProto v : g.getInputList()) {
            if (!init.containsKey(v.getName())) {
                input = v;
                break;
            }
        }
        if (input == null) {
            throw new ModelFileException("$", tr("error.onnx.noInput", name));
        }
        List<OnnxGraph.Node> nodes = new ArrayList<>();
        for (Onnx.NodeProto n : g.getNodeList()) {
            nodes.add(node(n, name));
        }
        List<String> outputs = new ArrayList<>();
        g.getOutputList().forEach(o -> outputs.add(o.getName()));
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).strip();
        return new OnnxGraph(name, opset, producer.isEmpty() ? "unknown producer" : producer, g.getName(),
                input.getName(), inputDims(input), nodes, init, outputs);
    }

    /** The input's declared dimensions; a symbolic one is -1. */
    private static long[] inputDims(Onnx.ValueInfoProto input) {
        if (!input.getType().hasTensorType() || !input.getType().getTensorType().hasShape()) {
            return new long[0];
        }
        Onnx.TensorShapeProto shape = input.getType().getTensorType().getShape();
        long[] dims = new long[shape.getDimCount()];
        for (int k = 0; k < dims.length; k++) {
            Onnx.TensorShapeProto.Dimension d = shape.getDim(k);
            dims[k] = d.hasDimValue() ? d.getDimValue() : -1;
        }
        return dims;
    }

    private static OnnxGraph.Node node(Onnx.NodeProto n, String file) throws ModelFileException {
        Map<String, OnnxGraph.Attribute> attributes = new HashMap<>();
        for (Onnx.AttributeProto a : n.getAttributeList()) {
            long[] ints = a.getIntsCount() > 0 ? a.getIntsList().stream().mapToLong(Long::longValue).toArray() : null;
            if (ints == null && a.getType() == Onnx.AttributeProto.AttributeType.INTS) {
                ints = new long[0];
            }
            OnnxGraph.Tensor t = a.hasT() ? tensor(a.getT(), file) : null;
            attributes.put(a.getName(), new OnnxGraph.Attribute(a.getF(), a.getI(), a.getS().toStringUtf8(), ints, t));
        }
        return new OnnxGraph.Node(n.getName(), n.getOpType(), n.getInputList(), n.getOutputList(), attributes);
    }

    /** A tensor's values, after its declared size is checked against the limit and the data present. */
    private static OnnxGraph.Tensor tensor(Onnx.TensorProto t, String file) throws ModelFileException {
        String where = tr("error.onnx.tensor", file, t.getName());
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            String location = t.getExternalDataList().stream().filter(e -> e.getKey().equals("location"))
                    .map(Onnx.StringStringEntryProto::getValue).findFirst().orElse(tr("error.onnx.anotherFile"));
            throw new ModelFileException("$", tr("error.onnx.external", where, location));
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : dims) {
            if (d < 0 || (d > 0 && count > MAX_TENSOR_VALUES / d)) {
                throw new ModelFileException("$", tr("error.onnx.dimensions", where, java.util.Arrays.toString(dims),
                        MAX_TENSOR_VALUES));
            }
            count *= d;
        }
        int type = t.getDataType();
        if (type == FLOAT || type == DOUBLE) {
            return new OnnxGraph.Tensor(t.getName(), dims, floats(t, (int) count, type == DOUBLE, where), null);
        }
        if (type == INT64 || type == INT32) {
            return new OnnxGraph.Tensor(t.getName(), dims, null, longs(t, (int) count, type == INT32, where));
        }
        return new OnnxGraph.Tensor(t.getName(), dims, null, null); // other types: only unsupported ops read them
    }

    private static float[] floats(Onnx.TensorProto t, int count, boolean dbl, String where) throws ModelFileException {
        int width = dbl ? 8 : 4;
        int present = t.getRawData().size() > 0 ? t.getRawData().size() / width
                : dbl ? t.getDoubleDataCount() : t.getFloatDataCount();
        if (present != count || (t.getRawData().size() > 0 && t.getRawData().size() % width != 0)) {
            throw new ModelFileException("$", tr("error.onnx.count", where, count, present));
        }
        float[] v = new float[count];
        if (t.getRawData().size() > 0) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < count; k++) {
                v[k] = dbl ? (float) b.getDouble() : b.getFloat();
            }
        } else {
            for (int k = 0; k < count; k++) {
                v[k] = dbl ? (float) t.getDoubleData(k) : t.getFloatData(k);
            }
        }
        for (int k = 0; k < count; k++) {
            // one -infinity alone is a Pad's value (PyTorch's Keras-same max pooling); weights are always finite
            if (!Float.isFinite(v[k]) && !(count == 1 && v[k] == Float.NEGATIVE_INFINITY)) {
                throw new ModelFileException("$", tr("error.onnx.notFinite", where, v[k], k));
            }
        }
        return v;
    }

    private static long[] longs(Onnx.TensorProto t, int count, boolean i32, String where) throws ModelFileException {
        int width = i32 ? 4 : 8;
        int present = t.getRawData().size() > 0 ? t.getRawData().size() / width
                : i32 ? t.getInt32DataCount() : t.getInt64DataCount();
        if (present != count) {
            throw new ModelFileException("$", tr("error.onnx.count", where, count, present));
        }
        long[] v = new long[count];
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < count; k++) {
            if (t.getRawData().size() > 0) {
                v[k] = i32 ? b.getInt() : b.getLong();
            } else {
                v[k] = i32 ? t.getInt32Data(k) : t.getInt64Data(k);
            }
        }
        return v;
    }
}
