package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.train.AffineWarp;
import org.convscope.core.train.Augmentation;
import org.convscope.core.train.InputNormalization;
import org.convscope.core.train.LearningRateSchedule;
import org.convscope.core.train.TrainConfig;
import org.convscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported {@code settings.json} and {@code train.py} carry the Train screen's settings: the learning-rate schedule
 * per epoch equals {@link LearningRateSchedule#rate}, train.py's augmentation warps an image exactly as ConvScope's
 * {@link Augmentation.Variant} does (every fill mode, flips, shifts, rotation, shear, zoom, brightness), and the
 * standardisation's statistics reach {@code model.py}.
 */
class PyTorchTrainSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InputNormalization STATS = new InputNormalization(new double[] {0.49, 0.48, 0.45},
            new double[] {0.25, 0.24, 0.26});

    private static Path project(Path dir, LearningRateSchedule schedule, Augmentation augmentation) throws Exception {
        ModelSpec model = Presets.find("tf-cifar-cnn").orElseThrow();
        TrainConfig config = new TrainConfig(7, 16, 0.01, TrainConfig.Optimizer.SGD_MOMENTUM, 9, true, augmentation,
                schedule);
        Path p = dir.resolve("p");
        PyTorchProject.write(model, STATS, null, PyTorchProject.Settings.of(config), p, true);
        return p;
    }

    @Test
    void settingsJsonHoldsTheScheduleAugmentationAndStatistics(@TempDir Path dir) throws Exception {
        Augmentation a = Augmentation.KERAS_TUTORIAL.withBrightness(0.8, 1.2).withFlips(true, true);
        Path p = project(dir, new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 2), a);
        JsonNode s = JSON.readTree(Files.readString(p.resolve("settings.json")));
        assertEquals(7, s.get("epochs").asInt());
        assertEquals(16, s.get("batch_size").asInt());
        assertEquals(0.01, s.get("lr").asDouble());
        assertEquals("sgd", s.get("optimizer").asText());
        assertEquals(9, s.get("seed").asLong());
        assertEquals("step", s.get("schedule").get("kind").asText());
        assertEquals(2, s.get("schedule").get("every").asInt());
        JsonNode aug = s.get("augmentation");
        assertEquals(40, aug.get("rotation_range").asDouble());
        assertEquals(0.2, aug.get("width_shift_range").asDouble());
        assertEquals(0.2, aug.get("height_shift_range").asDouble());
        assertEquals(0.2, aug.get("shear_range").asDouble());
        assertEquals(0.2, aug.get("zoom_range").asDouble());
        assertTrue(aug.get("horizontal_flip").asBoolean() && aug.get("vertical_flip").asBoolean());
        assertEquals(0.8, aug.get("brightness_range").get(0).asDouble());
        assertEquals(1.2, aug.get("brightness_range").get(1).asDouble());
        assertEquals("nearest", aug.get("fill_mode").asText());
        assertEquals(0.25, s.get("normalization").get("std").get(0).asDouble());
        assertEquals(0.45, s.get("normalization").get("mean").get(2).asDouble());
        assertTrue(Files.readString(p.resolve("model.py")).contains("MEAN = [0.49, 0.48, 0.45]"));

        Path none = dir.resolve("none");
        PyTorchProject.write(Presets.find("lenet5").orElseThrow(), null, null,
                new PyTorchProject.Settings(1, 32, 1e-3, "adam", 42), none, false);
        JsonNode plain = JSON.readTree(Files.readString(none.resolve("settings.json")));
        assertTrue(plain.get("augmentation").isNull() && plain.get("normalization").isNull());
        assertEquals("constant", plain.get("schedule").get("kind").asText());
    }

    @Test
    void trainPySchedulesTheRateAsConvScopeDoes(@TempDir Path dir) throws Exception {
        String python = Python.withTorch();
        Path p = project(dir, LearningRateSchedule.CONSTANT, Augmentation.NONE);
        Files.writeString(dir.resolve("lr.py"), "import train\n"
                + "for kind, every in (('constant', 1), ('step', 3), ('step', 1), ('cosine', 1)):\n"
                + "    print(' '.join(repr(train.learning_rate({'kind': kind, 'every': every}, 0.01, e, 7))"
                + " for e in range(1, 8)))\n");
        Python.Result r = Python.exec(List.of(python, "lr.py"), dir, Map.of("PYTHONPATH", p.toString()), 120);
        assertEquals(0, r.exit(), r.output());
        String[] lines = r.output().strip().split("\n");
        LearningRateSchedule[] schedules = {LearningRateSchedule.CONSTANT,
            new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 3),
            new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 1),
            new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1)};
        for (int k = 0; k < schedules.length; k++) {
            String[] got = lines[lines.length - 4 + k].strip().split(" ");
            for (int e = 1; e <= 7; e++) {
                assertEquals(schedules[k].rate(0.01, e - 1, 7), Double.parseDouble(got[e - 1]), 1e-15,
                        schedules[k] + " epoch " + e);
            }
        }
        // hand-worked: halved every 3 epochs, epoch 7 is 0.01 / 4; cosine's epoch 1 is the base rate
        assertEquals("0.0025", lines[lines.length - 3].strip().split(" ")[6]);
        assertEquals("0.01", lines[lines.length - 1].strip().split(" ")[0]);
    }

    /** An image of 5x7 pixels, 2 channels, with distinct values in [0, 1]. */
    private static float[] image() {
        float[] v = new float[5 * 7 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((i * 37 % 71) / 70.0);
        }
        return v;
    }

    @Test
    void trainPyWarpsEveryVariantAsConvScopeDoes(@TempDir Path dir) throws Exception {
        String python = Python.withTorch();
        Path p = project(dir, LearningRateSchedule.CONSTANT, Augmentation.NONE);
        Augmentation.Variant[] variants = {
            new Augmentation.Variant(true, false, 2, -1, 0, 0, 1, 1, 1),
            new Augmentation.Variant(false, true, 0.4, 1.3, 0, 0, 1, 1, 1),
            new Augmentation.Variant(false, false, 0, 0, 30, 10, 0.8, 1.2, 1),
            new Augmentation.Variant(true, true, -1.5, 0.5, -75, 0, 1.1, 0.9, 1)};
        AffineWarp.Fill[] fills = AffineWarp.Fill.values();
        StringBuilder script = new StringBuilder("import json, numpy as np, torch, train\n"
                + "img = torch.tensor(json.loads(input()), dtype=torch.float32).view(5, 7, 2).permute(2, 0, 1)\n"
                + "out = []\n");
        float[] base = image();
        StringBuilder values = new StringBuilder("[");
        for (int i = 0; i < base.length; i++) {
            values.append(i == 0 ? "" : ",").append(base[i]);
        }
        List<float[]> expected = new java.util.ArrayList<>();
        for (Augmentation.Variant v : variants) {
            for (AffineWarp.Fill f : fills) {
                float[] work = base.clone();
                v.apply(work, 0, 5, 7, 2, f, new float[work.length]);
                expected.add(work);
                script.append(String.format(java.util.Locale.ROOT, "v = dict(flip_h=%s, flip_v=%s, dy=%s, dx=%s,"
                        + " rotation=%s, shear=%s, zoom_rows=%s, zoom_cols=%s)%n", v.flipH() ? "True" : "False",
                        v.flipV() ? "True" : "False", v.dy(), v.dx(), v.rotation(), v.shear(), v.zoomRows(), v.zoomCols()));
                script.append("m = train.augment_matrix(v, 5, 7)[None]\n")
                        .append("out.append(train.warp(img[None], m, '").append(f.name().toLowerCase(java.util.Locale.ROOT))
                        .append("')[0].permute(1, 2, 0).flatten().tolist())\n");
            }
        }
        // brightness alone (a fixed factor 1.5: values above 1 clip), through augment() with settings.json's names
        float[] bright = base.clone();
        new Augmentation.Variant(false, false, 0, 0, 0, 0, 1, 1, 1.5).apply(bright, 0, 5, 7, 2, AffineWarp.Fill.NEAREST,
                new float[bright.length]);
        expected.add(bright);
        script.append("a = dict(rotation_range=0, width_shift_range=0, height_shift_range=0, shear_range=0,"
                + " zoom_range=0, horizontal_flip=False, vertical_flip=False, brightness_range=[1.5, 1.5],"
                + " fill_mode='nearest')\n"
                + "out.append(train.augment(img[None], a, torch.Generator().manual_seed(1))[0].permute(1, 2, 0)"
                + ".flatten().tolist())\n"
                + "print(json.dumps(out))\n");
        Files.writeString(dir.resolve("warp.py"), script);
        Files.writeString(dir.resolve("image.json"), values.append("]"));
        Python.Result r = Python.exec(List.of("bash", "-c", python + " warp.py < image.json"), dir,
                Map.of("PYTHONPATH", p.toString(), "OMP_NUM_THREADS", "1"), 120);
        assertEquals(0, r.exit(), r.output());
        String[] lines = r.output().strip().split("\n");
        JsonNode got = JSON.readTree(lines[lines.length - 1]);
        assertEquals(expected.size(), got.size());
        int clipped = 0;
        for (int k = 0; k < expected.size(); k++) {
            float[] e = expected.get(k);
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], got.get(k).get(i).asDouble(), 1e-6, "case " + k + " value " + i);
            }
        }
        for (float b : bright) {
            clipped += b == 1f ? 1 : 0;
        }
        assertTrue(clipped > 5, "some brightened values clip at 1, so the clipping is checked: " + clipped);
    }
}
