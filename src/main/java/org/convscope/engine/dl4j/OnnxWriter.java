package org.convscope.engine.dl4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import onnx.Onnx;
import org.convscope.io.OnnxGraph;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Serialises an {@link OnnxGraph} built by {@link org.convscope.io.OnnxExport} with the ONNX protobuf classes nd4j-api
 * ships (the ones {@link OnnxFile} reads with): IR version 7, the default domain at the graph's opset, tensors as
 * little-endian raw data, the input's batch axis symbolic ({@code batch}).
 */
final class OnnxWriter {

    /** Attributes written as floats; every other one is an integer or a list of integers. */
    private static final Set<String> FLOATS = Set.of("epsilon", "alpha");
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private OnnxWriter() {
    }

    /**
     * Returns the file's bytes.
     *
     * @param g the graph
     * @param outputDims the output's dimensions, -1 for the symbolic batch axis
     */
    static byte[] bytes(OnnxGraph g, long[] outputDims) {
        Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName(g.name());
        graph.addInput(value(g.input(), g.inputDims()));
        for (String out : g.outputs()) {
            graph.addOutput(value(out, outputDims));
        }
        for (OnnxGraph.Tensor t : g.initializers().values().stream()
                .sorted(java.util.Comparator.comparing(OnnxGraph.Tensor::name)).toList()) {
            graph.addInitializer(tensor(t));
        }
        for (OnnxGraph.Node n : g.nodes()) {
            Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder().setName(n.name()).setOpType(n.op())
                    .addAllInput(n.inputs()).addAllOutput(n.outputs());
            n.attributes().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> node.addAttribute(attribute(e.getKey(), e.getValue())));
            graph.addNode(node);
        }
        return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName(g.producer())
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(g.opset()))
                .setGraph(graph).build().toByteArray();
    }

    private static Onnx.ValueInfoProto value(String name, long[] dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape))).build();
    }

    private static Onnx.TensorProto tensor(OnnxGraph.Tensor t) {
        Onnx.TensorProto.Builder b = Onnx.TensorProto.newBuilder().setName(t.name());
        for (long d : t.dims()) {
            b.addDims(d);
        }
        if (t.floats() != null) {
            ByteBuffer buf = ByteBuffer.allocate(4 * t.floats().length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : t.floats()) {
                buf.putFloat(f);
            }
            return b.setDataType(FLOAT).setRawData(ByteString.copyFrom(buf.array())).build();
        }
        ByteBuffer buf = ByteBuffer.allocate(8 * t.longs().length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : t.longs()) {
            buf.putLong(v);
        }
        return b.setDataType(INT64).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    private static Onnx.AttributeProto attribute(String name, OnnxGraph.Attribute a) {
        Onnx.AttributeProto.Builder b = Onnx.AttributeProto.newBuilder().setName(name);
        if (a.ints() != null) {
            for (long v : a.ints()) {
                b.addInts(v);
            }
            return b.setType(Onnx.AttributeProto.AttributeType.INTS).build();
        }
        if (FLOATS.contains(name)) {
            return b.setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(a.f()).build();
        }
        return b.setType(Onnx.AttributeProto.AttributeType.INT).setI(a.i()).build();
    }
}
