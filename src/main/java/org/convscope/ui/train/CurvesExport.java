package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.stage.Window;
import org.convscope.app.Animations;
import org.convscope.imaging.TrainingHistory;
import org.convscope.ui.common.FigureExport;
import org.convscope.ui.common.GifExportDialog;
import org.convscope.ui.common.TaskExecutor;
import org.convscope.ui.train.TrainViewModel.Point;

/**
 * The Curves tab's figures for slides: the training curves growing as a GIF (one frame per epoch, drawn by
 * {@link Animations#curves} as {@code convscope animate curves} draws them), and Save as PNG / SVG on each chart.
 */
final class CurvesExport {

    // The text of these controls, kept together to move into a ResourceBundle.

    private CurvesExport() {
    }

    /** The Export curves GIF button; enabled once an epoch has ended and no run is going. */
    static Button gifButton(TrainViewModel vm, TaskExecutor executor, Supplier<Window> window, Consumer<String> status) {
        Button b = new Button(tr("train.exportGif"));
        b.setId("train-export-gif");
        b.setTooltip(new Tooltip(tr("train.exportGif.tooltip")));
        b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        b.disableProperty().bind(vm.runningProperty().or(javafx.beans.binding.Bindings.isEmpty(vm.curves().epochLoss())));
        b.setOnAction(e -> {
            TrainCurves c = vm.curves();
            if (c.epochLoss().isEmpty()) {
                status.accept(tr("train.gif.trainFirst"));
                return;
            }
            TrainingHistory h = history(c);
            GifExportDialog.show(window.get(), executor, tr("train.gif.what", h.epochs().size()),
                    "training-curves.gif", Animations.curves(h), status);
        });
        return b;
    }

    /** Adds Save as PNG (1x, 2x, 3x) and Save as SVG to each chart's context menu. */
    static void chartMenus(Consumer<String> status, List<LineChart<Number, Number>> charts) {
        for (LineChart<Number, Number> c : charts) {
            FigureExport.installChart(c, c.getId() == null ? "chart" : c.getId().replace("train-", ""), status);
        }
    }

    /**
     * The curves as a run's history: one row per epoch of the per-epoch loss (its epoch, training loss and accuracy,
     * validation loss and accuracy or NaN when the epoch had none), and the smoothed batch losses.
     */
    static TrainingHistory history(TrainCurves c) {
        List<double[]> epochs = new ArrayList<>();
        for (Point p : c.epochLoss()) {
            epochs.add(new double[] {p.x(), p.y(), at(c.trainAccuracy(), p.x()), at(c.validationLoss(), p.x()),
                at(c.validationAccuracy(), p.x())});
        }
        List<Double> batches = new ArrayList<>();
        c.batchLoss().forEach(p -> batches.add(p.y()));
        return new TrainingHistory(epochs, batches);
    }

    private static double at(ObservableList<Point> points, double epoch) {
        for (Point p : points) {
            if (p.x() == epoch) {
                return p.y();
            }
        }
        return Double.NaN;
    }
}
