package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PyTorch project's layouts on hand-worked numbers, and the refusals that leave the disk as it was. */
class PyTorchProjectTest {

    private static final PyTorchProject.Settings SETTINGS = new PyTorchProject.Settings(3, 16, 0.01, "sgd", 7);

    private static ModelSpec tf() {
        return Presets.find("tf-cifar-cnn").orElseThrow();
    }

    @Test
    void anExistingFolderIsKeptWithoutForceAndReplacedWholeWithIt(@TempDir Path dir) throws Exception {
        Path target = Files.createDirectories(dir.resolve("out"));
        Files.writeString(target.resolve("mine.txt"), "keep");
        assertThrows(FileAlreadyExistsException.class, () -> PyTorchProject.write(tf(), null, null, SETTINGS, target, false));
        assertEquals(List.of("mine.txt"), names(target));
        PyTorchProject.write(tf(), null, null, SETTINGS, target, true);
        assertEquals(List.of("README.md", "model.py", "requirements.txt", "settings.json", "train.py"), names(target));
        assertEquals(List.of("out"), names(dir), "no temporary folder is left beside it");
        String settings = Files.readString(target.resolve("settings.json"));
        assertTrue(settings.contains("\"epochs\": 3") && settings.contains("\"batch_size\": 16")
                && settings.contains("\"lr\": 0.01") && settings.contains("\"optimizer\": \"sgd\""), settings);
    }

    @Test
    void aModelThatCannotBeBuiltIsNamedAndNothingIsWritten(@TempDir Path dir) {
        ModelSpec bad = new ModelSpec("bad", "", new InputSpec(8, 8, 1), List.of(
                new LayerSpec.Dense(null, 4, Activation.RELU, true)));
        assertTrue(PyTorchProject.unsupported(bad).orElseThrow().contains("Dense"), PyTorchProject.unsupported(bad).get());
        assertThrows(IllegalArgumentException.class, () -> PyTorchProject.write(bad, null, null, SETTINGS,
                dir.resolve("out"), false));
        assertFalse(Files.exists(dir.resolve("out")));
        assertTrue(PyTorchProject.unsupported(tf()).isEmpty());
    }

    @Test
    void denseRowsAfterAFlattenGoFromHwcToChwOrder() {
        // map (H, W, C) = (1, 2, 2): ConvScope's rows (r, c, ch) = 000, 001, 010, 011; PyTorch's columns (ch, r, c)
        // = 000, 001, 100, 101, i.e. ConvScope's rows 0, 2, 1, 3
        var t = new KerasH5.Tensor("kernel", new int[] {4, 1}, new float[] {10, 11, 12, 13});
        var a = PyTorchWeights.dense(t, new TensorShape.Spatial(1, 2, 2));
        assertArrayEquals(new int[] {1, 4}, a.shape());
        assertArrayEquals(new float[] {10, 12, 11, 13}, a.values());
        // without a map before it the kernel is only transposed: (in 2, units 2) -> (units, in)
        var b = PyTorchWeights.dense(new KerasH5.Tensor("k", new int[] {2, 2}, new float[] {1, 2, 3, 4}), null);
        assertArrayEquals(new float[] {1, 3, 2, 4}, b.values());
    }

    @Test
    void convKernelsGoFromHwioToOihw() {
        // (kh, kw, in, out) = (1, 2, 1, 2): value = c * 2 + f; PyTorch (f, 0, 0, c)
        var a = PyTorchWeights.conv(new KerasH5.Tensor("kernel", new int[] {1, 2, 1, 2}, new float[] {0, 1, 2, 3}));
        assertArrayEquals(new int[] {2, 1, 1, 2}, a.shape());
        assertArrayEquals(new float[] {0, 2, 1, 3}, a.values());
    }

    @Test
    void kerasSamePaddingWithStrideTwoPutsTheExtraRowAfter() {
        var in = new TensorShape.Spatial(32, 32, 3);
        // out = ceil(32 / 2) = 16, total = 15 * 2 + 3 - 32 = 1: 0 before, 1 after (left, right, top, bottom)
        assertArrayEquals(new int[] {0, 1, 0, 1}, PyTorchModelCode.pads(Padding.SAME, in, 3, 3, 2, 2));
        // stride 1, 3x3: 1 each side; (3, 2) kernel: 1 and 1 rows, 0 and 1 columns
        assertArrayEquals(new int[] {0, 1, 1, 1}, PyTorchModelCode.pads(Padding.SAME, in, 3, 2, 1, 1));
        assertArrayEquals(new int[] {2, 2, 2, 2}, PyTorchModelCode.pads(new Padding.Explicit(2), in, 3, 3, 1, 1));
        String py = PyTorchModelCode.python(new ModelSpec("s", "", new InputSpec(32, 32, 3), List.of(
                new LayerSpec.Conv2D(null, 4, Size2.square(3), Size2.square(2), Padding.SAME, Activation.RELU, true))),
                null);
        assertTrue(py.contains("self.conv2d_pad = Pad((0, 1, 0, 1), 0.0)"), py);
        assertTrue(py.contains("# 1. conv2d (Conv2D): output (N, 4, 16, 16) = ConvScope's (H, W, C) (16, 16, 4), 112"
                + " parameters"), py);
    }

    @Test
    void npyHeadersAreNumPysVersionOne() {
        byte[] b = PyTorchProject.npy(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64, "the data starts on a 64-byte boundary");
        String header = new String(b, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertEquals(10 + headerLength + 24, b.length);
        assertEquals(Float.floatToIntBits(1f), java.nio.ByteBuffer.wrap(b, 10 + headerLength, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        byte[] v = PyTorchProject.npy(new int[] {4}, new float[4]);
        assertTrue(new String(v, 10, 60, StandardCharsets.US_ASCII).contains("'shape': (4,), }"), "a 1-tuple");
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
