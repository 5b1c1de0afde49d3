package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.convscope.core.image.Raster;
import org.convscope.core.train.TrainingResult;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.TaskExecutor;

/** The Train screen's files besides the model: the run's history as CSV and the charts as PNG, written atomically. */
final class TrainFiles {

    private TrainFiles() {
    }

    /** Writes a run's history (see {@link TrainCurves#historyCsv}) in the background; null: says to train first. */
    static void saveHistory(TrainingResult r, Path file, TaskExecutor executor, Consumer<String> status) {
        if (r == null) {
            status.accept(tr("train.history.none"));
            return;
        }
        byte[] bytes = TrainCurves.historyCsv(r).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        executor.submit(BackgroundJob.of("Save history", (token, sink) -> {
            org.convscope.io.AtomicFiles.write(file, bytes);
            return file;
        }).onSuccess(f -> status.accept(tr("train.history.saved", f)))
                .onFailure(e -> status.accept(tr("train.history.failed", Dialogs.describe(e)))));
    }

    /** Writes a picture (the charts) as PNG in the background. */
    static void exportPng(Raster image, Path file, TaskExecutor executor, Consumer<String> status) {
        executor.submit(BackgroundJob.of("Export PNG", (token, sink) -> {
            org.convscope.imaging.Images.writePng(image, file);
            return file;
        }).onSuccess(f -> status.accept(tr("train.charts.exported", f)))
                .onFailure(e -> status.accept(tr("train.charts.failed", Dialogs.describe(e)))));
    }
}
