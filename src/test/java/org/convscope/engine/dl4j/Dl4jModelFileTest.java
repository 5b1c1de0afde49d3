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
}
