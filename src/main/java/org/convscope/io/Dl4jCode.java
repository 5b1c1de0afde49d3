package org.convscope.io;

import java.math.BigDecimal;
import java.util.List;
import java.util.TreeSet;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;

/**
 * Writes a model as Java source for Deeplearning4j 1.0.0-M2.1, so that a learner can see the same
 * network in the library ConvScope trains with.
 *
 * <p>The result is a complete class {@value #CLASS_NAME} (save it as {@code ConvScopeModel.java}) whose
 * {@code configuration()} returns the {@code MultiLayerConfiguration} and whose {@code main} prints the
 * DL4J summary. This class only writes text: it does not use DL4J itself. Keras concepts map to DL4J as
 * follows: {@code valid} and explicit padding use {@code ConvolutionMode.Truncate} (with {@code padding(p, p)}),
 * {@code same} uses {@code ConvolutionMode.Same}; Keras' dropout rate becomes DL4J's retain probability
 * {@code 1 - rate}; {@code Flatten} becomes an explicit {@code CnnToFeedForwardPreProcessor}; a final softmax
 * (sigmoid) {@code Dense} becomes an {@code OutputLayer} with multi-class (binary) cross-entropy.
 */
public final class Dl4jCode {

    /** The name of the generated class. */
    public static final String CLASS_NAME = "ConvScopeModel";

    private static final String BODY = "        ";
    private static final String CHAIN = BODY + BODY;
    private static final String ARG = CHAIN + BODY;

    private Dl4jCode() {
    }

    /**
     * Returns Java source of a class that builds the model's DL4J configuration.
     *
     * @param m the model
     * @return the source text, import lines first, ending with a newline
     */
    public static String java(ModelSpec m) {
        TreeSet<String> imports = new TreeSet<>();
        imports.add("org.deeplearning4j.nn.conf.MultiLayerConfiguration");
        imports.add("org.deeplearning4j.nn.conf.NeuralNetConfiguration");
        imports.add("org.deeplearning4j.nn.conf.inputs.InputType");
        imports.add("org.deeplearning4j.nn.multilayer.MultiLayerNetwork");
        imports.add("org.nd4j.linalg.learning.config.Adam");
        return source(m, imports, layerChain(m, imports));
    }

    /** Returns the {@code .layer(...)} calls (and Flatten's preprocessors) of the configuration builder chain. */
    private static StringBuilder layerChain(ModelSpec m, TreeSet<String> imports) {
        ModelAnalysis analysis = ModelAnalyzer.analyze(m);
        List<LayerSpec> layers = m.layers();
        StringBuilder body = new StringBuilder();
        int dl4jIndex = 0;
        String pendingFlatten = null;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = layers.get(i);
            boolean last = i == layers.size() - 1;
            if (spec instanceof LayerSpec.Flatten) {
                String preprocessor = flatten(body, i < analysis.layers().size() ? analysis.layers().get(i).input() : null,
                        imports);
                pendingFlatten = preprocessor != null ? preprocessor : pendingFlatten;
                continue;
            }
            if (pendingFlatten != null) {
                body.append(CHAIN).append(".inputPreProcessor(").append(dl4jIndex).append(", ").append(pendingFlatten)
                        .append(")\n");
                pendingFlatten = null;
            }
            body.append(CHAIN).append(".layer(");
            layer(body, spec, last, imports);
            spec.name().ifPresent(n -> call(body, "name", string(n)));
            body.append(ARG).append(".build())\n");
            dl4jIndex++;
        }
        return body;
    }

    /**
     * Writes a comment for a Flatten layer, which DL4J does not have; returns the preprocessor the next layer needs,
     * or null.
     */
    private static String flatten(StringBuilder body, TensorShape in, TreeSet<String> imports) {
        if (in instanceof TensorShape.Spatial s) {
            imports.add("org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor");
            body.append(CHAIN).append("// Flatten ").append(s.keras()).append(" -> (None, ").append(s.elements())
                    .append("): DL4J has no Flatten layer; a preprocessor on the next layer does it.\n");
            return "new CnnToFeedForwardPreProcessor(" + s.height() + ", " + s.width() + ", " + s.channels() + ")";
        }
        body.append(CHAIN).append("// Flatten: DL4J has no Flatten layer; it flattens before dense layers.\n");
        return null;
    }

    /** Writes a layer's builder and its arguments, after {@code .layer(}. */
    private static void layer(StringBuilder body, LayerSpec spec, boolean last, TreeSet<String> imports) {
        if (spec instanceof LayerSpec.Conv2D c) {
            imports.add("org.deeplearning4j.nn.conf.layers.ConvolutionLayer");
            body.append("new ConvolutionLayer.Builder(").append(pair(c.kernel())).append(")\n");
            call(body, "stride", pair(c.strides()));
            call(body, "nOut", Integer.toString(c.filters()));
            call(body, "activation", activation(c.activation(), imports));
            convolutionMode(body, c.padding(), imports);
            call(body, "hasBias", Boolean.toString(c.useBias()));
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            imports.add("org.deeplearning4j.nn.conf.layers.SubsamplingLayer");
            body.append("new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.")
                    .append(p.kind() == LayerSpec.PoolKind.MAX ? "MAX" : "AVG").append(")\n");
            call(body, "kernelSize", pair(p.pool()));
            call(body, "stride", pair(p.strides()));
            convolutionMode(body, p.padding(), imports);
            if (p.kind() == LayerSpec.PoolKind.AVERAGE && p.padding() instanceof Padding.Explicit) {
                // Keras pads with ZeroPadding2D first, so the zeros count in each average.
                call(body, "avgPoolIncludePadInDivisor", "true");
            }
        } else if (spec instanceof LayerSpec.ActivationLayer a) {
            imports.add("org.deeplearning4j.nn.conf.layers.ActivationLayer");
            body.append("new ActivationLayer.Builder()\n");
            call(body, "activation", activation(a.activation(), imports));
        } else if (spec instanceof LayerSpec.BatchNormalization b) {
            imports.add("org.deeplearning4j.nn.conf.layers.BatchNormalization");
            body.append("new BatchNormalization.Builder()\n");
            call(body, "decay", number(b.momentum()));
            call(body, "eps", number(b.epsilon()));
        } else if (spec instanceof LayerSpec.Dropout d) {
            imports.add("org.deeplearning4j.nn.conf.layers.DropoutLayer");
            body.append("new DropoutLayer.Builder()\n");
            body.append(ARG).append("// Keras drops a fraction ").append(number(d.rate()))
                    .append(" of the values; DL4J takes the probability of keeping one.\n");
            call(body, "dropOut", retain(d.rate()));
        } else if (spec instanceof LayerSpec.Dense d) {
            dense(body, d, last, imports);
        }
    }

    /** A Dense layer: an OutputLayer with its loss when it ends the model with softmax or sigmoid. */
    private static void dense(StringBuilder body, LayerSpec.Dense d, boolean last, TreeSet<String> imports) {
        if (last && (d.activation() == Activation.SOFTMAX || d.activation() == Activation.SIGMOID)) {
            imports.add("org.deeplearning4j.nn.conf.layers.OutputLayer");
            imports.add("org.nd4j.linalg.lossfunctions.LossFunctions");
            body.append("new OutputLayer.Builder(LossFunctions.LossFunction.")
                    .append(d.activation() == Activation.SOFTMAX ? "MCXENT" : "XENT").append(")\n");
        } else {
            imports.add("org.deeplearning4j.nn.conf.layers.DenseLayer");
            body.append("new DenseLayer.Builder()\n");
            if (last) {
                body.append(ARG).append("// To train with fit(), make this an OutputLayer with a loss, "
                        + "e.g. softmax with LossFunctions.LossFunction.MCXENT.\n");
            }
        }
        call(body, "nOut", Integer.toString(d.units()));
        call(body, "activation", activation(d.activation(), imports));
        call(body, "hasBias", Boolean.toString(d.useBias()));
    }

    /** Returns the whole class around the layer chain. */
    private static String source(ModelSpec m, TreeSet<String> imports, StringBuilder body) {
        StringBuilder out = new StringBuilder();
        out.append("// Deeplearning4j 1.0.0-M2.1 code generated by ConvScope.\n");
        for (String imp : imports) {
            out.append("import ").append(imp).append(";\n");
        }
        out.append("\n/** A ConvScope model as a Deeplearning4j network; run main() to print its summary. */\n");
        out.append("public class ").append(CLASS_NAME).append(" {\n\n");
        out.append("    /** The name of the model in ConvScope. */\n");
        out.append("    public static final String MODEL_NAME = ").append(string(m.name())).append(";\n\n");
        out.append("    /** Returns the network's configuration: layers, input type, seed and updater. */\n");
        out.append("    public static MultiLayerConfiguration configuration() {\n");
        out.append(BODY).append("return new NeuralNetConfiguration.Builder()\n");
        out.append(CHAIN).append(".seed(42)\n");
        out.append(CHAIN).append(".updater(new Adam(1e-3))\n");
        out.append(CHAIN).append(".list()\n");
        out.append(body);
        out.append(CHAIN).append(".setInputType(InputType.convolutional(").append(m.input().height()).append(", ")
                .append(m.input().width()).append(", ").append(m.input().channels()).append("))\n");
        out.append(CHAIN).append(".build();\n");
        out.append("    }\n\n");
        out.append("    /** Builds the network and prints DL4J's summary of it. */\n");
        out.append("    public static void main(String[] args) {\n");
        out.append(BODY).append("MultiLayerNetwork net = new MultiLayerNetwork(configuration());\n");
        out.append(BODY).append("net.init();\n");
        out.append(BODY).append("System.out.println(net.summary());\n");
        out.append("    }\n");
        out.append("}\n");
        return out.toString();
    }

    private static void call(StringBuilder body, String method, String args) {
        body.append(ARG).append('.').append(method).append('(').append(args).append(")\n");
    }

    private static void convolutionMode(StringBuilder body, Padding padding, TreeSet<String> imports) {
        imports.add("org.deeplearning4j.nn.conf.ConvolutionMode");
        call(body, "convolutionMode", padding instanceof Padding.Same ? "ConvolutionMode.Same" : "ConvolutionMode.Truncate");
        if (padding instanceof Padding.Explicit e) {
            call(body, "padding", e.amount() + ", " + e.amount());
        }
    }

    private static String pair(Size2 s) {
        return s.h() + ", " + s.w();
    }

    private static String activation(Activation a, TreeSet<String> imports) {
        if (a == Activation.LEAKY_RELU) { // DL4J's Activation.LEAKYRELU has slope 0.01; Keras 3's is 0.2
            imports.add("org.nd4j.linalg.activations.impl.ActivationLReLU");
            return "new ActivationLReLU(0.2)";
        }
        imports.add("org.nd4j.linalg.activations.Activation");
        switch (a) {
            case LINEAR: return "Activation.IDENTITY";
            case RELU: return "Activation.RELU";
            case SIGMOID: return "Activation.SIGMOID";
            case TANH: return "Activation.TANH";
            case SOFTMAX: return "Activation.SOFTMAX";
            default: throw new IllegalArgumentException("unmapped activation " + a);
        }
    }

    /** Returns DL4J's retain probability {@code 1 - rate}, computed in decimal so that 0.2 gives 0.8 exactly. */
    static String retain(double rate) {
        if (!Double.isFinite(rate)) {
            return number(rate);
        }
        String s = BigDecimal.ONE.subtract(new BigDecimal(Double.toString(rate))).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(v);
    }

    /**
     * Returns a Java string literal. Control characters use octal escapes and non-ASCII ones Unicode escapes,
     * which is safe because neither can turn into a quote or line break when javac reads Unicode escapes first.
     */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (ch < 0x20 || ch == 0x7f) {
                        b.append(String.format("\\%03o", (int) ch));
                    } else if (ch >= 0x80) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
            }
        }
        return b.append('"').toString();
    }
}
