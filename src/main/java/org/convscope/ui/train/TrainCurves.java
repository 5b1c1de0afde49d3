package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.convscope.core.train.BatchEnded;
import org.convscope.core.train.EpochEnded;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingResult;
import org.convscope.core.train.TrainingStarted;
import org.convscope.ui.train.TrainViewModel.Point;

/**
 * The curves of one training run (smoothed batch loss, accuracies, losses per epoch, the learning-rate schedule),
 * fed with the run's events on the FX thread, and the run's history as CSV; its learning health goes on to
 * {@link #health()}.
 */
final class TrainCurves {

    private final ObservableList<Point> batchLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> trainAccuracy = FXCollections.observableArrayList();
    private final ObservableList<Point> validationAccuracy = FXCollections.observableArrayList();
    private final ObservableList<Point> epochLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> validationLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> learningRates = FXCollections.observableArrayList();
    private double smoothed = Double.NaN;
    private long started;
    private int epochs = 1;
    private final HealthViewModel health = new HealthViewModel();

    /** The run's learning health (the "Learning health" tab). */
    HealthViewModel health() {
        return health;
    }

    ObservableList<Point> batchLoss() {
        return batchLoss;
    }

    ObservableList<Point> trainAccuracy() {
        return trainAccuracy;
    }

    ObservableList<Point> validationAccuracy() {
        return validationAccuracy;
    }

    ObservableList<Point> epochLoss() {
        return epochLoss;
    }

    ObservableList<Point> validationLoss() {
        return validationLoss;
    }

    ObservableList<Point> learningRates() {
        return learningRates;
    }

    /** Empties every curve. */
    void clear() {
        batchLoss.clear();
        trainAccuracy.clear();
        validationAccuracy.clear();
        epochLoss.clear();
        validationLoss.clear();
        learningRates.clear();
        smoothed = Double.NaN;
        health.clear();
    }

    /** Empties the curves for a new run and draws its learning-rate schedule. */
    void startRun(TrainConfig config) {
        clear();
        List<Point> rates = new ArrayList<>();
        for (int e = 1; e <= config.epochs(); e++) {
            rates.add(new Point(e, config.learningRate(e)));
        }
        learningRates.setAll(rates);
        started = System.nanoTime();
        epochs = Math.max(1, config.epochs());
    }

    /**
     * Applies training events.
     *
     * @param progress overall progress, set
     * @param epochProgress progress through the epoch, set
     * @param status receives the batch line, or null (paused: the status says so)
     * @param speed receives images per second, elapsed time and ETA
     */
    void apply(List<Object> events, ReadOnlyDoubleWrapper progress, ReadOnlyDoubleWrapper epochProgress,
            Consumer<String> status, Consumer<String> speed) {
        for (Object o : events) {
            if (o instanceof TrainingStarted s && status != null) {
                status.accept(tr("train.started", s.totalEpochs(), s.batchesPerEpoch()));
            } else if (o instanceof BatchEnded b) {
                batch(b, progress, epochProgress, status, speed);
            } else if (o instanceof EpochEnded e) {
                trainAccuracy.add(new Point(e.epoch(), e.trainAccuracy()));
                epochLoss.add(new Point(e.epoch(), e.trainLoss()));
                if (!Double.isNaN(e.validationLoss())) {
                    validationLoss.add(new Point(e.epoch(), e.validationLoss()));
                }
                if (!Double.isNaN(e.validationAccuracy())) {
                    validationAccuracy.add(new Point(e.epoch(), e.validationAccuracy()));
                }
            }
        }
        health.apply(events);
    }

    private void batch(BatchEnded b, DoubleProperty progress, DoubleProperty epochProgress, Consumer<String> status,
            Consumer<String> speed) {
        smoothed = Double.isNaN(smoothed) ? b.loss() : 0.9 * smoothed + 0.1 * b.loss();
        double x = (b.epoch() - 1) + b.batch() / (double) b.batchesPerEpoch();
        batchLoss.add(new Point(x, smoothed));
        epochProgress.set(b.batch() / (double) b.batchesPerEpoch());
        int done = (b.epoch() - 1) * b.batchesPerEpoch() + b.batch();
        progress.set(done / (double) Math.max(1, epochs * b.batchesPerEpoch()));
        double elapsed = (System.nanoTime() - started) / 1e9;
        double eta = progress.get() > 0 ? elapsed / progress.get() - elapsed : Double.NaN;
        speed.accept(tr("train.speed", String.format(Locale.ROOT, "%.0f", b.imagesPerSecond()),
                String.format(Locale.ROOT, "%.0f", elapsed), Double.isNaN(eta) ? "-" : String.format(Locale.ROOT, "%.0f s", eta)));
        if (status != null) {
            status.accept(tr("train.batchStatus", b.epoch(), b.batch(), b.batchesPerEpoch(),
                    String.format(Locale.ROOT, "%.4f", b.loss()), String.format(Locale.ROOT, "%.3f", b.accuracy())));
        }
    }

    /** The status after a run: finished, stopped or why it ended. */
    static String endText(TrainingResult r) {
        String last = r.epochs().isEmpty() ? "" : " " + tr("train.lastEpoch",
                String.format(Locale.ROOT, "%.3f", r.epochs().get(r.epochs().size() - 1).trainAccuracy()),
                String.format(Locale.ROOT, "%.3f", r.epochs().get(r.epochs().size() - 1).validationAccuracy()));
        return switch (r.end().reason()) {
            case COMPLETED -> tr("train.finished") + last;
            case CANCELLED -> tr("train.stopped") + last;
            default -> r.end().message();
        };
    }

    /**
     * The speed line after a completed run: images per second and the time it took, no ETA (empty when no epoch
     * finished).
     *
     * @param images training images per epoch
     */
    static String endSpeed(TrainingResult r, int images) {
        double seconds = r.epochs().stream().mapToDouble(EpochEnded::seconds).sum();
        return seconds <= 0 ? "" : tr("train.endSpeed", String.format(Locale.ROOT, "%.0f", images * r.epochs().size()
                / seconds), String.format(Locale.ROOT, "%.0f", seconds));
    }

    /**
     * The run's history as CSV: one row per epoch ({@code epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds}),
     * then one row per batch loss ({@code batch,<n>,<loss>}) so that the smoothed curve can be redrawn elsewhere. Every
     * number is written as {@link org.convscope.core.conv.Num#exact} writes it, so it reads back to the same value.
     */
    static String historyCsv(TrainingResult r) {
        StringBuilder csv = new StringBuilder("epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds\n");
        for (var e : r.epochs()) {
            csv.append(e.epoch());
            for (double v : new double[] {e.trainLoss(), e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(),
                e.seconds()}) {
                csv.append(',').append(org.convscope.core.conv.Num.exact(v));
            }
            csv.append('\n');
        }
        csv.append("batch,index,loss\n");
        for (int i = 0; i < r.batchLosses().size(); i++) {
            csv.append("batch,").append(i + 1).append(',').append(org.convscope.core.conv.Num.exact(r.batchLosses().get(i)))
                    .append('\n');
        }
        return csv.toString();
    }
}
