package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.convscope.cli.ConvScopeCli;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.TrainConfig;
import org.convscope.engine.Engine;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Train screen and {@code convscope train} run one pipeline: with the same model, seed and settings (a slice of
 * the bundled sample, the held-out tenth for validation, standardised inputs, one epoch) they train on the same
 * images, validate on the same images, standardise with the same numbers, and end with the same weights and accuracy.
 */
class SameSeedTrainingTest {

    private static final Engine ENGINE = new Dl4jEngine();

    @Test
    void theScreenAndTheCommandLineGiveTheSameSplitStatisticsAndAccuracy(@TempDir Path dir) throws Exception {
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.data().setHoldOutValidation(true);
        vm.data().setNormalise(true);
        vm.start(new TrainConfig(1, 32, 1e-3, TrainConfig.Optimizer.ADAM, 7, true), 300);
        assertTrue(vm.statusProperty().get().startsWith("Finished."), vm.statusProperty().get());

        Path saved = dir.resolve("cli.convscope.zip");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(new String[] {"train", "--preset", session.session().presetId(), "--epochs", "1",
            "--batch", "32", "--lr", "0.001", "--seed", "7", "--limit", "300", "--hold-out", "--normalize", "--out",
            saved.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        List<String> lines = Arrays.asList(out.toString().strip().split("\\R"));

        // the split: the same description, counts and limit, and the numbers hand-worked from the sample's
        // 200 images per class (every tenth held out: 20 per class)
        var data = vm.lastData();
        assertEquals(List.of("data: 1,800 training and 200 validation images (bundled sample, every tenth training image"
                + " of each class held out; tested on its 500 test images)", "training on the first 300 of them"), data.notes());
        assertEquals(data.notes(), lines.subList(0, 2));
        // after the run the screen keeps the split's description and test images, not the training images
        assertEquals(0, data.train().size());
        assertEquals(0, data.validation().size());
        assertEquals(500, data.test().size());
        // the statistics: printed by the CLI with every digit, kept by the screen's model
        var uiModel = session.trainedFor(session.getModel()).orElseThrow().model();
        String stats = "inputs standardised: " + uiModel.inputNormalization().orElseThrow();
        assertTrue(lines.contains(stats), stats + " not in\n" + out);
        assertEquals(data.statistics(), uiModel.inputNormalization().orElseThrow());
        // the accuracy: the epoch line and the final line of the CLI, the screen's validation curve
        double uiVal = vm.curves().validationAccuracy().get(0).y();
        String expected = String.format(Locale.ROOT, "val_acc=%.3f", uiVal);
        assertTrue(lines.get(3).contains(expected), expected + " vs " + lines.get(3));
        assertTrue(lines.get(lines.size() - 1).contains(String.format(Locale.ROOT, "Final val_accuracy %.3f on 200",
                uiVal)), lines.get(lines.size() - 1));
        // and the weights themselves: both models give the same probabilities for every test image
        var cliModel = ENGINE.load(saved);
        double[][] a = ENGINE.classify(uiModel, data.test(), 256, CancelToken.NEVER);
        double[][] b = ENGINE.classify(cliModel, data.test(), 256, CancelToken.NEVER);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0, "test image " + i);
        }
        assertEquals(vm.results().reportProperty().get().evaluation().accuracy(),
                org.convscope.app.TrainingPipeline.test(ENGINE, cliModel, data.test(), data.classNames(), CancelToken.NEVER)
                        .evaluation().accuracy(), 0.0, "the same test accuracy");
    }
}
