package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Dl4jCodeTest {

    /** Presets too large to allocate in a test (VGG: 138 M and 386 M parameters); they are compiled and counted only. */
    private static final Set<String> TOO_BIG_TO_RUN = Set.of("vgg16", "seed000-vgg-style");

    @TempDir
    Path tmp;

    @Test
    void lenet5Text() {
        String code = Dl4jCode.java(IoTestModels.preset("lenet5"));
        assertTrue(code.contains("new ConvolutionLayer.Builder(5, 5)\n"), code);
        assertTrue(code.contains(".activation(Activation.TANH)\n"), code);
        assertTrue(code.contains("new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)\n"), code);
        assertFalse(code.contains("PoolingType.MAX"), code);
        assertTrue(code.contains(".setInputType(InputType.convolutional(32, 32, 1))\n"), code);
        assertTrue(code.contains(".seed(42)\n") && code.contains(".updater(new Adam(1e-3))\n"), code);
        assertTrue(code.contains(".inputPreProcessor(4, new CnnToFeedForwardPreProcessor(5, 5, 16))\n"), code);
        String output = "                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)\n"
                + "                        .nOut(10)\n"
                + "                        .activation(Activation.SOFTMAX)\n"
                + "                        .hasBias(true)\n"
                + "                        .build())\n"
                + "                .setInputType(";
        assertTrue(code.contains(output), code);
        assertEquals(2, count(code, "new DenseLayer.Builder()"), "120 and 84 units; the 10-unit layer is the output");
        List<String> lines = code.lines().toList();
        assertTrue(lines.get(1).startsWith("import "), lines.get(1));
        assertTrue(lines.contains("import org.deeplearning4j.nn.conf.layers.OutputLayer;"), code);
        assertTrue(lines.contains("import org.nd4j.linalg.lossfunctions.LossFunctions;"), code);
        assertFalse(lines.contains("import org.deeplearning4j.nn.conf.layers.DropoutLayer;"), "only used imports");
    }

    @Test
    void dropoutRateBecomesRetainProbability() {
        assertTrue(Dl4jCode.java(IoTestModels.preset("keras-mnist-convnet")).contains(".dropOut(0.5)\n"));
        ModelSpec m = new ModelSpec("d", "", new InputSpec(8, 8, 1), List.of(new LayerSpec.Flatten(null),
                new LayerSpec.Dropout(null, 0.2), new LayerSpec.Dense(null, 3, Activation.SOFTMAX, true)));
        String code = Dl4jCode.java(m);
        assertTrue(code.contains("new DropoutLayer.Builder()\n"), code);
        assertTrue(code.contains(".dropOut(0.8)\n"), code);
        assertFalse(code.contains(".dropOut(0.2)"), code);
        assertEquals("0.3", Dl4jCode.retain(0.7));
        assertEquals("0.75", Dl4jCode.retain(0.25));
        assertEquals("1.0", Dl4jCode.retain(0));
    }

    @Test
    void paddingModesAndLastLayers() {
        String cifar = Dl4jCode.java(IoTestModels.preset("tf-cifar-cnn"));
        assertFalse(cifar.contains("new OutputLayer.Builder"), "logits (linear) stay a DenseLayer");
        assertFalse(cifar.contains("import org.deeplearning4j.nn.conf.layers.OutputLayer;"), cifar);
        assertTrue(cifar.contains("// To train with fit(), make this an OutputLayer"), cifar);
        assertTrue(cifar.contains(".activation(Activation.IDENTITY)\n"), cifar);
        assertTrue(cifar.contains(".convolutionMode(ConvolutionMode.Truncate)\n"), cifar);
        assertFalse(cifar.contains("ConvolutionMode.Same"), cifar);
        assertTrue(Dl4jCode.java(IoTestModels.preset("vgg16")).contains(".convolutionMode(ConvolutionMode.Same)\n"));

        String every = Dl4jCode.java(IoTestModels.everyKind());
        assertTrue(every.contains("new ConvolutionLayer.Builder(3, 5)\n"
                + "                        .stride(1, 2)\n"
                + "                        .nOut(8)\n"
                + "                        .activation(Activation.RELU)\n"
                + "                        .convolutionMode(ConvolutionMode.Truncate)\n"
                + "                        .padding(2, 2)\n"
                + "                        .hasBias(true)\n"
                + "                        .name(\"stem \\\"a\\\"\")\n"), every);
        assertTrue(every.contains(".padding(1, 1)\n                        .avgPoolIncludePadInDivisor(true)\n"), every);
        assertTrue(every.contains("new BatchNormalization.Builder()\n"
                + "                        .decay(0.9)\n"
                + "                        .eps(1.0E-5)\n"), every);
        assertTrue(every.contains(".activation(new ActivationLReLU(0.2))\n"), every);
        assertTrue(every.contains(".hasBias(false)\n"), every);
        assertTrue(every.contains(".inputPreProcessor(8, new CnnToFeedForwardPreProcessor(11, 5, 4))\n"), every);
    }

    @Test
    void javaStringLiteralsAreEscaped() {
        assertEquals("\"a \\\"b\\\" c\\\\d\\n\\001\\u00e9\"", Dl4jCode.string("a \"b\" c\\d\n\u0001\u00e9"));
        assertEquals("\"\\\\u0022\"", Dl4jCode.string("\\u0022"), "a literal backslash-u stays text");
    }

    /**
     * The strongest check: the generated source compiles against DL4J 1.0.0-M2.1, and the network it
     * builds has ConvScope's parameter count and, layer by layer, ConvScope's output shapes.
     */
    @Test
    void generatedJavaCompilesAndBuildsTheSameNetwork() throws Exception {
        List<ModelSpec> models = new ArrayList<>();
        List<Boolean> run = new ArrayList<>();
        for (Presets.Preset p : Presets.all().stream()
                .filter(p -> org.convscope.core.model.EngineSupport.codeRefusal(p.model()).isEmpty()).toList()) {
            models.add(p.model());
            run.add(!TOO_BIG_TO_RUN.contains(p.id()));
        }
        models.add(IoTestModels.everyKind());
        run.add(true);
        models.add(new ModelSpec("q\"uote \\u0022 \\ back\nline \u0001 caf\u00e9", "", new InputSpec(8, 8, 1),
                List.of(new LayerSpec.Conv2D("it's \"x\"\\n", 2, Size2.square(3), Size2.square(1), Padding.VALID,
                        Activation.RELU, true), new LayerSpec.Flatten(null),
                        new LayerSpec.Dense(null, 1, Activation.SIGMOID, true))));
        run.add(true);

        for (int k = 0; k < models.size(); k++) {
            ModelSpec m = models.get(k);
            ModelAnalysis analysis = ModelAnalyzer.analyze(m);
            assertTrue(analysis.valid(), m.name());
            Class<?> cls = compile(Dl4jCode.java(m), tmp.resolve("m" + k));
            assertEquals(m.name(), cls.getField("MODEL_NAME").get(null), "MODEL_NAME survives escaping");
            MultiLayerConfiguration conf = (MultiLayerConfiguration) cls.getMethod("configuration").invoke(null);

            InputSpec in = m.input();
            List<InputType> types = conf.getLayerActivationTypes(InputType.convolutional(in.height(), in.width(),
                    in.channels()));
            List<LayerInfo> infos = analysis.layers().stream().filter(l -> !(l.spec() instanceof LayerSpec.Flatten)).toList();
            assertEquals(infos.size(), types.size(), m.name() + ": one DL4J layer per ConvScope layer but Flatten");
            long params = 0;
            for (int i = 0; i < infos.size(); i++) {
                assertEquals(describe(infos.get(i).output()), describe(types.get(i)), m.name() + ", layer " + infos.get(i).name());
                NeuralNetConfiguration layer = conf.getConf(i);
                long p = layer.getLayer().initializer().numParams(layer);
                assertEquals(infos.get(i).params(), p, m.name() + ", parameters of " + infos.get(i).name());
                params += p;
            }
            assertEquals(analysis.totalParams(), params, m.name());

            if (run.get(k)) {
                MultiLayerNetwork net = new MultiLayerNetwork(conf);
                net.init();
                assertEquals(analysis.totalParams(), net.numParams(), m.name());
                INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 2, in.channels(), in.height(), in.width()));
                assertArrayEquals(batchShape(analysis.outputShape()), out.shape(), m.name());
            }
        }
    }

    private static String describe(TensorShape s) {
        if (s instanceof TensorShape.Spatial sp) {
            return "CNN " + sp.height() + "x" + sp.width() + "x" + sp.channels();
        }
        return "FF " + s.elements();
    }

    private static String describe(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return "CNN " + c.getHeight() + "x" + c.getWidth() + "x" + c.getChannels();
        }
        if (t instanceof InputType.InputTypeFeedForward f) {
            return "FF " + f.getSize();
        }
        return t.toString();
    }

    private static long[] batchShape(TensorShape s) {
        if (s instanceof TensorShape.Spatial sp) {
            return new long[] {2, sp.channels(), sp.height(), sp.width()};
        }
        return new long[] {2, s.elements()};
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Compiles one source file of class {@link Dl4jCode#CLASS_NAME} against the test class path and loads it. */
    private Class<?> compile(String source, Path out) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertTrue(compiler != null, "tests run on a JDK");
        Files.createDirectories(out);
        JavaFileObject file = new SimpleJavaFileObject(
                java.net.URI.create("string:///" + Dl4jCode.CLASS_NAME + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StringWriter errors = new StringWriter();
        boolean ok = compiler.getTask(errors, null, null,
                List.of("-classpath", classPath(), "-d", out.toString(), "-proc:none", "-Xlint:all", "-Werror"),
                null, List.of(file)).call();
        assertTrue(ok, errors + "\n" + source);
        URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass(Dl4jCode.CLASS_NAME);
    }

    /** The test class path; Surefire may hide it in a manifest-only jar. */
    private static String classPath() throws IOException {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp != null && !cp.isBlank()) {
            return cp;
        }
        cp = System.getProperty("java.class.path");
        String[] parts = cp.split(File.pathSeparator);
        if (parts.length == 1 && parts[0].endsWith(".jar")) {
            try (JarFile jar = new JarFile(parts[0])) {
                Manifest mf = jar.getManifest();
                String entries = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                if (entries != null) {
                    List<String> files = new ArrayList<>();
                    for (String e : entries.trim().split("\\s+")) {
                        files.add(Path.of(java.net.URI.create(new URL(new File(parts[0]).toURI().toURL(), e).toString()))
                                .toString());
                    }
                    return String.join(File.pathSeparator, files);
                }
            }
        }
        return cp;
    }
}
