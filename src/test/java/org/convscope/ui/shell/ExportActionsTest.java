package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.convscope.app.Engines;
import org.convscope.app.Exports;
import org.convscope.app.TrainingPipeline;
import org.convscope.app.WeightsVersion;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.train.Augmentation;
import org.convscope.core.train.InputNormalization;
import org.convscope.core.train.LearningRateSchedule;
import org.convscope.core.train.TrainConfig;
import org.convscope.engine.Engine;
import org.convscope.io.Presets;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File &gt; Export &gt; PyTorch project and ONNX model without a window: {@link ExportActions} with answers given by
 * the test instead of dialogs, jobs run inline, the real engine. What was written is read back: the Train screen's
 * settings in settings.json, the session's trained weights, the replace question, Cancel, refusals and errors.
 */
class ExportActionsTest {

    private static Engine engine;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void engine() {
        engine = Engines.create();
    }

    /** Answers the dialogs as told and records what was shown. */
    private static final class Answers implements ExportActions.Ui {
        Path folder;
        Path file;
        boolean replace;
        boolean cancelOnProgress;
        final List<String> errors = new ArrayList<>();
        final List<String> asked = new ArrayList<>();
        int progressShown;
        int progressClosed;

        @Override
        public Path chooseFolder(String suggestedName) {
            asked.add("folder " + suggestedName);
            return folder;
        }

        @Override
        public Path chooseOnnxFile(String suggestedName) {
            asked.add("file " + suggestedName);
            return file;
        }

        @Override
        public boolean confirmReplace(Path dir, long entries) {
            asked.add("replace " + dir.getFileName() + " " + entries);
            return replace;
        }

        @Override
        public void error(String header, String message) {
            errors.add(header + ": " + message);
        }

        @Override
        public ExportActions.Progress progress(String title, Runnable cancel) {
            progressShown++;
            return new ExportActions.Progress() {
                @Override
                public void update(double fraction, String message) {
                    if (cancelOnProgress) {
                        cancel.run();
                    }
                }

                @Override
                public void close() {
                    progressClosed++;
                }
            };
        }
    }

    private static Exports.TrainingSettings cosineSgd(boolean normalise) {
        TrainConfig c = new TrainConfig(5, 64, 0.05, TrainConfig.Optimizer.SGD_MOMENTUM, 7, true,
                Augmentation.FLIP_AND_SHIFT_4, new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1));
        return new Exports.TrainingSettings(c, new TrainingPipeline.Request(null, false, 0, normalise));
    }

    private static ExportActions actions(ModelSession session, ShellViewModel vm, Answers ui,
            Supplier<Exports.TrainingSettings> settings) {
        return new ExportActions(session, new CurrentThreadTaskExecutor(), vm, () -> engine, settings, ui);
    }

    @Test
    void pytorchProjectCarriesTheTrainScreensSettingsAndTheSessionsTrainedWeights(@TempDir Path dir) throws Exception {
        ModelSession session = new ModelSession();
        var trained = engine.compile(Presets.find("lenet5").orElseThrow(), 3);
        engine.setInputNormalization(trained, new InputNormalization(new double[] {0.5}, new double[] {0.25}));
        session.openWithWeights(trained, WeightsVersion.opened(dir.resolve("lenet.convscope.zip")));
        ShellViewModel vm = new ShellViewModel();
        Answers ui = new Answers();
        ui.folder = dir.resolve("lenet-pytorch");
        actions(session, vm, ui, () -> cosineSgd(true)).pytorchWithChooser();

        assertEquals(List.of(), ui.errors);
        assertEquals(1, ui.progressShown);
        assertEquals(1, ui.progressClosed);
        JsonNode s = JSON.readTree(ui.folder.resolve("settings.json").toFile());
        assertEquals(5, s.get("epochs").asInt());
        assertEquals(64, s.get("batch_size").asInt());
        assertEquals(0.05, s.get("lr").asDouble());
        assertEquals("sgd", s.get("optimizer").asText());
        assertEquals(7, s.get("seed").asInt());
        assertEquals("cosine", s.get("schedule").get("kind").asText());
        assertEquals(4, s.get("augmentation").get("width_shift_range").asInt());
        // the trained model's own standardisation wins over the sample's statistics (as a ConvScope run keeps it)
        assertEquals(0.25, s.get("normalization").get("std").get(0).asDouble());
        assertTrue(Files.readString(ui.folder.resolve("model.py")).contains("MEAN = [0.5]"));
        // lenet5's first conv kernel (5, 5, 1, 6) as PyTorch's (6, 1, 5, 5): 150 float32 values after a 128-byte header
        String conv = JSON.readTree(ui.folder.resolve("weights/weights.json").toFile()).get("tensors").fieldNames().next();
        long size = Files.size(ui.folder.resolve("weights/" + conv + ".npy"));
        assertEquals(128 + 150 * 4, size, conv);
        assertTrue(vm.statusProperty().get().contains("with the trained weights"), vm.statusProperty().get());
    }

    @Test
    void anOccupiedFolderIsReplacedOnlyAfterAskingAndAFreshModelTakesTheSamplesStatistics(@TempDir Path dir)
            throws Exception {
        ModelSession session = new ModelSession();
        session.usePreset("tf-cifar-cnn");
        ShellViewModel vm = new ShellViewModel();
        Answers ui = new Answers();
        Path target = dir.resolve("mine");
        Files.createDirectories(target.resolve("sub"));
        Files.writeString(target.resolve("notes.txt"), "keep me");
        ExportActions actions = actions(session, vm, ui, () -> cosineSgd(true));

        actions.exportPyTorch(target);
        assertEquals(List.of("replace mine 2"), ui.asked);
        assertEquals("keep me", Files.readString(target.resolve("notes.txt")));
        assertFalse(Files.exists(target.resolve("model.py")));
        assertTrue(vm.statusProperty().get().contains("unchanged"), vm.statusProperty().get());
        assertEquals(0, ui.progressShown, "nothing started");

        ui.replace = true;
        actions.exportPyTorch(target);
        assertFalse(Files.exists(target.resolve("notes.txt")));
        assertFalse(Files.exists(target.resolve("weights")), "fresh weights: train.py starts from the seed");
        var expected = TrainingPipeline.read(new TrainingPipeline.Request(null, false, 0, true),
                session.getModel().input(), dir, org.convscope.core.task.CancelToken.NEVER,
                org.convscope.core.task.ProgressSink.NONE).statistics();
        JsonNode n = JSON.readTree(target.resolve("settings.json").toFile()).get("normalization");
        for (int c = 0; c < 3; c++) {
            assertEquals(expected.mean()[c], n.get("mean").get(c).asDouble(), 1e-12);
            assertEquals(expected.std()[c], n.get("std").get(c).asDouble(), 1e-12);
        }
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ui.asked.clear();
        actions.exportPyTorch(empty);
        assertEquals(List.of(), ui.asked, "an empty folder is used without asking");
        assertTrue(Files.exists(empty.resolve("train.py")));
    }

    @Test
    void cancelWritesNothingAndBadSettingsOrAnImpossibleModelAreExplained(@TempDir Path dir) {
        ModelSession session = new ModelSession();
        ShellViewModel vm = new ShellViewModel();
        Answers ui = new Answers();
        ui.cancelOnProgress = true;
        Path target = dir.resolve("p");
        actions(session, vm, ui, () -> cosineSgd(true)).exportPyTorch(target);
        assertFalse(Files.exists(target), "cancelled while reading the data: nothing written");
        assertTrue(vm.statusProperty().get().startsWith("Export cancelled"), vm.statusProperty().get());
        assertEquals(1, ui.progressClosed);
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "no temporary folder is left behind");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        ui.cancelOnProgress = false;
        actions(session, vm, ui, () -> {
            throw new IllegalArgumentException("The learning rate must be a number above 0 and the seed a whole number.");
        }).exportPyTorch(target);
        assertEquals(1, ui.errors.size());
        assertTrue(ui.errors.get(0).contains("The learning rate must be a number above 0"), ui.errors.get(0));
        assertFalse(Files.exists(target));

        // a 5x5 kernel on a 3x3 input cannot be built: refused before any chooser opens
        session.openUnsaved(new ModelSpec("impossible", "", new InputSpec(3, 3, 1), List.of(new LayerSpec.Conv2D(null, 2,
                Size2.square(5), Size2.square(1), Padding.VALID, Activation.RELU, true))), null);
        ui.asked.clear();
        ui.folder = target;
        ui.file = dir.resolve("x.onnx");
        ExportActions actions = actions(session, vm, ui, () -> cosineSgd(false));
        actions.pytorchWithChooser();
        actions.onnxWithChooser();
        assertEquals(List.of(), ui.asked);
        assertEquals(3, ui.errors.size());
        assertTrue(ui.errors.get(1).startsWith("Cannot export the PyTorch project: This model cannot be built"),
                ui.errors.get(1));
        assertTrue(ui.errors.get(2).startsWith("Cannot export the ONNX model: This model cannot be built"),
                ui.errors.get(2));
        assertFalse(Files.exists(target) || Files.exists(ui.file));
    }

    @Test
    void onnxModelHasTheSessionsCurrentWeightsAndOpensWithTheSameOutputs(@TempDir Path dir) throws Exception {
        ModelSession session = new ModelSession();
        session.usePreset("lenet5");
        ShellViewModel vm = new ShellViewModel();
        Answers ui = new Answers();
        ui.file = dir.resolve("lenet"); // no extension: .onnx is added
        actions(session, vm, ui, () -> cosineSgd(false)).onnxWithChooser();
        assertEquals(List.of(), ui.errors);
        Path written = dir.resolve("lenet.onnx");
        assertTrue(Files.exists(written), vm.statusProperty().get());
        assertTrue(vm.statusProperty().get().contains("fresh weights"), vm.statusProperty().get());

        // the weights the app shows for an untrained model (seed 42) are the ones in the file
        var shown = engine.compile(session.getModel(), org.convscope.app.Session.UNTRAINED_SEED);
        var reopened = engine.importOnnx(written).model();
        var in = session.getModel().input();
        double[] pixels = new double[in.height() * in.width() * in.channels()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 13 % 29) / 28.0;
        }
        Volume image = new Volume(in.height(), in.width(), in.channels(), pixels);
        var a = engine.forward(shown, image);
        var b = engine.forward(reopened, image);
        double[] expected = a.layer(a.size()).output().values();
        double[] got = b.layer(b.size()).output().values();
        assertEquals(expected.length, got.length);
        assertArrayEquals(expected, got, 1e-5);
    }
}
