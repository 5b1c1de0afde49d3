package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import onnx.Onnx;
import org.convscope.engine.ImportedModel;
import org.convscope.io.ModelFileException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile ONNX files end in a {@link ModelFileException} that names the file and the reason, before
 * anything large is allocated; ops ConvScope does not have are named, with the model shown up to them. The files are
 * the fixture {@code chain.onnx} edited with the same protobuf classes the reader uses.
 */
class OnnxHostileFilesTest {

    private static Dl4jEngine engine;
    private static byte[] chain;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        engine = new Dl4jEngine(Dl4jEngine.Kernels.LAYERS);
        chain = Files.readAllBytes(OnnxImportTest.DIR.resolve("chain.onnx"));
    }

    private Path edited(String name, UnaryOperator<Onnx.ModelProto.Builder> edit) throws Exception {
        Onnx.ModelProto.Builder b = Onnx.ModelProto.parseFrom(chain).toBuilder();
        return Files.write(dir.resolve(name), edit.apply(b).build().toByteArray());
    }

    private static String refused(Path file) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> engine.importOnnx(file));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void aTruncatedFileIsNamedAsDamaged() throws Exception {
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(chain, chain.length / 2));
        assertTrue(refused(cut).contains("cut.onnx is not a valid ONNX file: its protobuf data is damaged or truncated"));
    }

    @Test
    void garbageBytesAreNotAModel() throws Exception {
        byte[] noise = new byte[5000];
        new Random(11).nextBytes(noise);
        String m = refused(Files.write(dir.resolve("noise.onnx"), noise));
        assertTrue(m.contains("noise.onnx is not a valid ONNX file") || m.contains("noise.onnx holds no ONNX graph"), m);
        assertTrue(refused(Files.write(dir.resolve("empty.onnx"), new byte[0])).contains("empty.onnx holds no ONNX graph"));
        assertTrue(refused(dir.resolve("absent.onnx")).contains("absent.onnx: file not found"));
    }

    @Test
    void aTensorDeclaringBillionsOfValuesIsRefusedBeforeAllocating() throws Exception {
        Path huge = edited("huge.onnx", b -> {
            b.getGraphBuilder().getInitializerBuilder(0).clearDims().addDims(1L << 20).addDims(1L << 20);
            return b;
        });
        String m = refused(huge);
        assertTrue(m.contains("huge.onnx: tensor steps.0.weight declares dimensions [1048576, 1048576], more than "
                + (1L << 28) + " values; refused."), m);
        Path lying = edited("lying.onnx", b -> {
            b.getGraphBuilder().getInitializerBuilder(0).clearDims().addDims(4000).addDims(4000);
            return b;
        });
        assertTrue(refused(lying).contains("lying.onnx: tensor steps.0.weight declares 16000000 values but holds 108."));
    }

    @Test
    void anAbsurdInputImageIsRefused() throws Exception {
        Path big = edited("big.onnx", b -> {
            var shape = b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
            shape.getDimBuilder(2).setDimValue(1_000_000);
            return b;
        });
        String m = refused(big);
        assertTrue(m.contains("big.onnx: the input image has dimensions [1, 3, 1000000, 12]"), m);
        assertTrue(m.contains("1 to 8192 pixels a side"), m);
    }

    @Test
    void weightsInExternalDataFilesAreRefused() throws Exception {
        Path ext = edited("ext.onnx", b -> {
            b.getGraphBuilder().getInitializerBuilder(0).clearRawData()
                    .setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("location").setValue("ext.onnx.data"));
            return b;
        });
        String m = refused(ext);
        assertTrue(m.contains("ext.onnx: tensor steps.0.weight keeps its values in an external data file (ext.onnx.data)"), m);
    }

    @Test
    void nonFiniteWeightsAndOpsetsOutsideNineToEighteenAreRefused() throws Exception {
        Path nan = edited("nan.onnx", b -> {
            var t = b.getGraphBuilder().getInitializerBuilder(1); // steps.0.bias, 4 floats
            byte[] raw = t.getRawData().toByteArray();
            Arrays.fill(raw, 0, 4, (byte) 0xFF); // a NaN
            t.setRawData(org.nd4j.shade.protobuf.ByteString.copyFrom(raw));
            return b;
        });
        assertTrue(refused(nan).contains("nan.onnx: tensor steps.0.bias holds a non-finite value (NaN) at index 0."));
        Path old = edited("old.onnx", b -> {
            b.setOpsetImport(0, b.getOpsetImport(0).toBuilder().setVersion(7));
            return b;
        });
        assertTrue(refused(old).contains("old.onnx uses ONNX opset 7; ConvScope reads opsets 9 to 18"));
    }

    @Test
    void anOpConvScopeDoesNotHaveIsNamedAndTheModelShownUpToIt() throws Exception {
        Path log = edited("log.onnx", b -> {
            b.getGraphBuilder().getNodeBuilder(8).setOpType("LogSoftmax"); // the last node, Softmax
            return b;
        });
        ImportedModel m = engine.importOnnx(log);
        assertEquals(8, m.model().spec().layers().size());
        assertEquals("LogSoftmax", m.structure().unsupported().get(0).kerasClass());
        assertTrue(m.structure().unsupported().get(0).reason().startsWith("ConvScope has no log-softmax activation"));
        Path leaky = edited("leaky.onnx", b -> {
            b.getGraphBuilder().getNodeBuilder(1).setOpType("LeakyRelu"); // default slope 0.01
            return b;
        });
        m = engine.importOnnx(leaky);
        assertEquals(1, m.model().spec().layers().size(), "shown: the first Conv");
        assertEquals("negative slope 0.01; ConvScope's leaky ReLU has slope 0.2 (Keras 3's default)",
                m.structure().unsupported().get(0).reason());
        Path first = edited("first.onnx", b -> {
            b.getGraphBuilder().getNodeBuilder(0).setOpType("ConvTranspose");
            return b;
        });
        assertTrue(refused(first).contains("first.onnx: its first layer, /steps.0/Conv (ConvTranspose), cannot be shown:"
                + " ConvScope has no ConvTranspose layer"));
    }
}
