package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.convscope.core.model.InputSpec;

/**
 * Turns an ONNX model (PyTorch's {@code torch.onnx.export} and others, opsets 9 to 18) into the ConvScope chain it
 * holds, with its weights in Keras' layouts, so that the engine copies them as it copies a Keras {@code .h5} file's.
 *
 * <p>The graph is walked in node order from its image input: {@code Conv} (group 1), {@code Relu}, {@code Sigmoid},
 * {@code Tanh}, {@code LeakyRelu} (slope 0.2, ConvScope's), {@code Clip(0, inf)} (ReLU), {@code Softmax},
 * {@code MaxPool}, {@code AveragePool} (padding counted, or a zero {@code Pad} before it), {@code GlobalAveragePool}
 * and {@code GlobalMaxPool} (a pooling window as large as the map), {@code BatchNormalization}, {@code Gemm},
 * {@code MatMul} (with the {@code Add} of its bias), {@code Flatten}, {@code Reshape} to {@code (batch, -1)}
 * (including PyTorch's {@code Shape}-{@code Gather}-{@code Unsqueeze}-{@code Concat} chain, evaluated here),
 * {@code Dropout}, {@code Identity} and {@code Constant}; {@code Sub}, {@code Div}, {@code Mul} and {@code Add} of
 * per-channel constants before the first layer become the input standardisation ({@link OnnxStandardize}). The first other op
 * ends the shown part, and it and every later unsupported op are listed, as {@link KerasJson#importModel}
 * does for Keras files.
 *
 * <p>Values that several nodes read make branches, and {@code Add} of two layers' outputs and {@code Concat} on the
 * channels make joins ({@link OnnxJoins}): such a model is a graph whose layers name their inputs. {@code Conv} with
 * {@code group} equal to its input channels is a {@code DepthwiseConv2D}, {@code Clip(0, 6)} a {@code ReLU} with
 * {@code max_value} 6, and {@code GlobalAveragePool} and {@code ReduceMean} over axes 2 and 3 Keras'
 * {@code GlobalAveragePooling2D}.
 *
 * <p>ONNX is channels-first: a conv kernel {@code (O, I, kh, kw)} becomes {@code (kh, kw, I, O)}, and the first Dense
 * after a flatten has its rows reordered from {@code (C, H, W)} to ConvScope's {@code (H, W, C)} flattening.
 */
public final class OnnxImport {

    /** The oldest operator set read. */
    public static final long MIN_OPSET = 9;
    /** The newest operator set read. */
    public static final long MAX_OPSET = 18;
    /** The largest image side and channel count an input may declare. */
    public static final long MAX_SIDE = 8192;
    /** The most channels an input may declare. */
    public static final long MAX_CHANNELS = 4096;

    /** Every op that becomes (part of) a ConvScope layer. */
    static final Set<String> SUPPORTED = Set.of("Conv", "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Clip", "Softmax",
            "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Pad", "BatchNormalization", "Gemm",
            "MatMul", "Add", "Flatten", "Reshape", "Sub", "Div", "Mul", "Concat", "ReduceMean", "ReduceMax");

    private OnnxImport() {
    }

    /**
     * The supported part of an ONNX model.
     *
     * @param imported the chain, the ONNX node behind each layer and every op left out
     * @param weights per layer, in {@link KerasH5.Contents#weights}' order and Keras' layouts
     * @param normalization the input standardisation the graph applies before its first layer, or null
     */
    record Result(KerasJson.Imported imported, List<List<KerasH5.Tensor>> weights,
                  org.convscope.core.train.InputNormalization normalization) {
    }

    /**
     * Converts a graph.
     *
     * @param graph the file's graph, its tensors read and checked
     * @return the model's supported part and weights; {@code kerasVersion} says {@code ONNX opset N, producer}
     * @throws ModelFileException naming the file, if the opset is outside 9 to 18, the input is not an image
     *         {@code (N, C, H, W)} of sensible size, or not even the first layer is supported
     */
    public static KerasH5.Contents convert(OnnxGraph graph) throws ModelFileException {
        if (graph.opset() < MIN_OPSET || graph.opset() > MAX_OPSET) {
            throw new ModelFileException("$", tr("error.onnx.opset", graph.file(), graph.opset(), MIN_OPSET, MAX_OPSET));
        }
        InputSpec input = input(graph);
        Result r = new OnnxChain(graph, input).run();
        return new KerasH5.Contents(r.imported(), r.weights(), "ONNX opset " + graph.opset() + ", " + graph.producer(),
                r.normalization());
    }

    /** The image input: {@code (N, C, H, W)} with a batch of 1 or symbolic, and a sensible size. */
    private static InputSpec input(OnnxGraph g) throws ModelFileException {
        long[] d = g.inputDims();
        String what = tr("error.onnx.input", g.file(), g.input(), Arrays.toString(d).replace("-1", "?"));
        if (d.length != 4) {
            throw new ModelFileException("$", tr("error.onnx.input.notImage", what));
        }
        if (d[0] > 1 || d[0] == 0) {
            throw new ModelFileException("$", tr("error.onnx.input.batch", what));
        }
        if (d[1] < 1 || d[2] < 1 || d[3] < 1 || d[1] > MAX_CHANNELS || d[2] > MAX_SIDE || d[3] > MAX_SIDE) {
            throw new ModelFileException("$", tr("error.onnx.input.size", what, MAX_SIDE, MAX_CHANNELS));
        }
        return new InputSpec((int) d[2], (int) d[3], (int) d[1]);
    }
}
