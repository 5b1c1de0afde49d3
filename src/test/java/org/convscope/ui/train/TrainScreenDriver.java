package org.convscope.ui.train;

import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import org.convscope.app.TrainingData;

/**
 * What a benchmark outside this package needs of the Train screen (its view model is package-private): the data
 * choice as the Data box sets it, the run's state, and a description of what the screen keeps after a run. For
 * {@code org.convscope.ui.shell.AppMemoryBenchmark}; not a test.
 */
public final class TrainScreenDriver {

    private TrainScreenDriver() {
    }

    /** Chooses a CIFAR-10 folder or archive as the Data box does after its folder chooser (FX thread). */
    public static void chooseData(TrainScreen screen, Path folderOrArchive) {
        screen.viewModel().data().setData(folderOrArchive);
    }

    /** True while a run (or download) goes on. */
    public static ReadOnlyBooleanProperty running(TrainScreen screen) {
        return screen.viewModel().runningProperty();
    }

    /** The status line. */
    public static ReadOnlyStringProperty status(TrainScreen screen) {
        return screen.viewModel().statusProperty();
    }

    /**
     * What the screen holds after a run, for finding where memory stays: the points of the curves, the health tab's
     * reports, the checkpoints of the run and the data the run read (counts, and the training images' bytes).
     */
    public static String holdings(TrainScreen screen) {
        TrainViewModel vm = screen.viewModel();
        TrainCurves c = vm.curves();
        TrainingData d = vm.lastData();
        String data = d == null ? "none" : String.format(Locale.ROOT, "%,d train + %,d validation + %,d test images"
                + " (%,.0f MB of pixels at one byte each)", d.train().size(), d.validation().size(), d.test().size(),
                (d.train().size() + d.validation().size() + (d.test() == d.validation() ? 0 : d.test().size()))
                        * (double) d.train().height() * d.train().width() * d.train().channels() / 1048576.0);
        return String.format(Locale.ROOT, "curves: %,d batch-loss points; run checkpoints listed by the screen: %d;"
                + " last data: %s", c.batchLoss().size(), vm.checkpointCount(), data);
    }
}
