package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.convscope.core.conv.Volume;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.engine.CompiledModel;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained model saved and loaded again gives the same outputs; damaged files are explained. */
class Dl4jModelFileTest {

    private final Dl4jEngine engine = new Dl4jEngine();

    @Test
    void trainedModelRoundTripsExactly(@TempDir Path dir) throws Exception {
        var spec = Presets.find("tf-cifar-cnn").orElseThrow();
        CompiledModel model = engine.compile(spec, 3);
        var sample = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE);
        var train = new CifarTrainingImages(sample.train()).head(128);
        engine.train(model, train, train.head(0), new TrainConfig(1, 32, 1e-3, TrainConfig.Optimizer.ADAM, 3, true),
                TrainingListener.NONE, CancelToken.NEVER);
        Volume image = sample.test().image(0).toVolume(true);
        Volume before = engine.forward(model, image).layer(8).output();

        Path file = dir.resolve("cifar.convscope.zip");
        engine.save(model, file);
        CompiledModel loaded = engine.load(file);
        assertEquals(spec, loaded.spec());
        assertEquals(122_570, loaded.parameterCount());
        assertArrayEquals(before.values(), engine.forward(loaded, image).layer(8).output().values(), 0.0);
        // A freshly built network with another seed would differ: the weights really came from the file.
        Volume fresh = engine.forward(engine.compile(spec, 4), image).layer(8).output();
        assertTrue(!java.util.Arrays.equals(before.values(), fresh.values()));
    }

    private static Path zip(Path dir, String name, String json, byte[] params) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (json != null) {
                zip.putNextEntry(new ZipEntry(Dl4jModelFile.MODEL_ENTRY));
                zip.write(json.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            if (params != null) {
                zip.putNextEntry(new ZipEntry(Dl4jModelFile.PARAMS_ENTRY));
                zip.write(params);
                zip.closeEntry();
            }
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    @Test
    void damagedFilesAreExplained(@TempDir Path dir) throws Exception {
        String json = ModelJson.toJson(Presets.find("lenet5").orElseThrow());
        IOException wrongSize = assertThrows(IOException.class, () -> engine.load(zip(dir, "a.zip", json, new byte[40])));
        assertTrue(wrongSize.getMessage().contains("holds 10 parameters but its model has 61706"), wrongSize.getMessage());
        IOException noParams = assertThrows(IOException.class, () -> engine.load(zip(dir, "b.zip", json, null)));
        assertTrue(noParams.getMessage().contains("lacks params.bin"), noParams.getMessage());
        IOException badJson = assertThrows(IOException.class, () -> engine.load(zip(dir, "c.zip", "{\"format\":1}", new byte[4])));
        assertTrue(badJson.getMessage().contains("model.convscope.json is not valid"), badJson.getMessage());
        Path notZip = Files.writeString(dir.resolve("d.zip"), "hello");
        IOException plain = assertThrows(IOException.class, () -> engine.load(notZip));
        assertTrue(plain.getMessage().contains("not a ConvScope model archive"), plain.getMessage());
    }

    @Test
    void aParamsEntryThatInflatesBeyondItsModelsWeightsIsRefusedAtThatSize(@TempDir Path dir) throws Exception {
        // lenet5 has 61,706 weights: params.bin must inflate to exactly 4 * 61,706 = 246,824 bytes
        String json = ModelJson.toJson(Presets.find("lenet5").orElseThrow());
        Path bomb = dir.resolve("bomb.convscope.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry(Dl4jModelFile.MODEL_ENTRY));
            zip.write(json.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(Dl4jModelFile.PARAMS_ENTRY));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) { // 256 MB of zeros, a few hundred KB on disk
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertTrue(Files.size(bomb) < 2_000_000, "the archive is small: " + Files.size(bomb));
        IOException e = assertThrows(IOException.class, () -> engine.load(bomb));
        assertTrue(e.getMessage().contains("params.bin inflates to more than 246,824 bytes"), e.getMessage());
    }

    @Test
    void aWeightThatIsNotANumberIsNamedWithItsLayer(@TempDir Path dir) throws Exception {
        var spec = Presets.find("lenet5").orElseThrow();
        String json = ModelJson.toJson(spec);
        java.nio.ByteBuffer params = java.nio.ByteBuffer.allocate(61_706 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // lenet5: conv2d 5*5*1*6 + 6 = 156 weights, then average pooling (0), then conv2d_1 5*5*6*16 + 16 = 2,416:
        // weight 1,001 (index 1,000) is in conv2d_1
        params.putFloat(1000 * 4, Float.NaN);
        IOException nan = assertThrows(IOException.class, () -> engine.load(zip(dir, "nan.zip", json, params.array())));
        assertTrue(nan.getMessage().contains("weight 1,001 of 61,706 (layer conv2d_1) is NaN"), nan.getMessage());
        params.putFloat(1000 * 4, 0f);
        params.putFloat(61_705 * 4, Float.NEGATIVE_INFINITY);
        IOException inf = assertThrows(IOException.class, () -> engine.load(zip(dir, "inf.zip", json, params.array())));
        assertTrue(inf.getMessage().contains("weight 61,706 of 61,706") && inf.getMessage().contains("is -Infinity"),
                inf.getMessage());
        assertEquals(61_706, engine.load(zip(dir, "ok.zip", json, new byte[61_706 * 4])).parameterCount(),
                "all-zero weights are numbers: the file loads");
    }

    @Test
    void weightsThatCannotFitTheHeapAreRefusedBeforeReading() throws Exception {
        // seed 000's VGG-style model: 385,931,075 weights, 1,543,724,300 bytes as float32, about 4.6 GB to load
        String json = ModelJson.toJson(Presets.find("seed000-vgg-style").orElseThrow());
        long bytes = 4L * 385_931_075;
        if (3 * bytes > Runtime.getRuntime().maxMemory()) { // the test JVM runs with -Xmx4g
            IOException e = assertThrows(IOException.class, () -> Dl4jModelFile.paramsLimit(json, "big.convscope.zip"));
            assertTrue(e.getMessage().startsWith("big.convscope.zip: its model has 385,931,075 weights (1,472 MB as float32)"),
                    e.getMessage());
        } else {
            assertEquals(bytes, Dl4jModelFile.paramsLimit(json, "big.convscope.zip"));
        }
        assertEquals(4L * 61_706, Dl4jModelFile.paramsLimit(ModelJson.toJson(Presets.find("lenet5").orElseThrow()), "x"));
    }
}
