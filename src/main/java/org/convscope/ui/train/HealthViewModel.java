package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.convscope.core.train.EpochHealth;
import org.convscope.core.train.HealthAdvisor;
import org.convscope.core.train.HealthReport;
import org.convscope.core.train.LayerHealth;
import org.convscope.core.train.TrainingStarted;
import org.convscope.core.train.WeightHistogram;
import org.convscope.ui.train.TrainViewModel.Point;

/**
 * The Train screen's "Learning health" tab, fed with the run's health events on the FX thread: per layer its
 * gradient norm and update/weight ratio over the run as {@code log10} of the value (the charts' log scale; values
 * that are 0, negative or not finite have no point), the share of its ReLU outputs that are 0, the weight histograms
 * of every epoch (0: before training) with the epoch to show, and the {@link HealthAdvisor}'s warnings for the latest
 * numbers (an epoch's means once it ended, a measured batch's during it).
 */
final class HealthViewModel {

    /**
     * One layer's curves.
     *
     * @param layer 1-based layer number
     * @param name its name
     * @param gradient {@code (x, log10 ||dL/dW||)}, empty for a layer without weights
     * @param ratio {@code (x, log10 ||dW|| / ||W||)}
     * @param zeroShare {@code (x, share of ReLU outputs that are 0)}, empty for a layer without ReLU
     * @param weights whether the layer has weights (gradient and ratio curves)
     * @param relu whether it has a ReLU (a zero-share curve)
     */
    record LayerCurves(int layer, String name, ObservableList<Point> gradient, ObservableList<Point> ratio,
            ObservableList<Point> zeroShare, boolean weights, boolean relu) {
    }

    private final ObservableList<LayerCurves> layers = FXCollections.observableArrayList();
    private final Map<Integer, LayerCurves> byLayer = new LinkedHashMap<>();
    private final Map<Integer, EpochHealth> epochs = new TreeMap<>();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper lastEpoch = new ReadOnlyIntegerWrapper(this, "lastEpoch", -1);
    private final IntegerProperty shownEpoch = new SimpleIntegerProperty(this, "shownEpoch", 0);
    private final ObservableList<WeightHistogram> histograms = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", emptyText());
    /** Whether the shown epoch follows the newest one (until the user picks another). */
    private boolean following = true;
    private boolean settingEpoch;
    /** The final weights of the run these numbers are from (set when it ends), or null. */
    private org.convscope.app.WeightsVersion runWeights;

    HealthViewModel() {
        shownEpoch.addListener((o, a, b) -> {
            if (!settingEpoch) {
                following = b.intValue() >= lastEpoch.get();
            }
            showHistograms();
        });
    }

    /** The layers' curves, in model order, added as their first numbers arrive. */
    ObservableList<LayerCurves> layers() {
        return layers;
    }

    /** The warnings in words for the latest numbers; empty when all is well. */
    ObservableList<String> warnings() {
        return warnings;
    }

    /** The newest epoch with histograms (0: the starting weights), or -1 before a run. */
    ReadOnlyIntegerProperty lastEpochProperty() {
        return lastEpoch.getReadOnlyProperty();
    }

    /** The epoch whose weight histograms are shown; follows the newest until set to an earlier one. */
    IntegerProperty shownEpochProperty() {
        return shownEpoch;
    }

    /** The histograms of the shown epoch, one per layer with weights. */
    ObservableList<WeightHistogram> histograms() {
        return histograms;
    }

    /** A line on what is shown, or what to do to see something. */
    ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The health of an epoch that ended (its means), or null. */
    EpochHealth epoch(int epoch) {
        return epochs.get(epoch);
    }

    /**
     * Says which weights the run these numbers come from ended with, so that the time machine's checkpoints of that
     * run (and only those) can show their epoch here.
     */
    void ranInto(org.convscope.app.WeightsVersion finalWeights) {
        runWeights = finalWeights;
    }

    /**
     * The time machine (the Weights choice of the Feature maps screen) moved: shows the weight histograms of the same
     * epoch. Epoch 0 there means the run's final weights: the newest epoch, followed again.
     *
     * @param finalWeights the final weights of the run whose checkpoint is shown
     * @param epoch the checkpoint's epoch, or 0 for the final weights
     * @return false (and nothing changes) when these numbers are from another run or have no such epoch
     */
    boolean showTimeMachine(org.convscope.app.WeightsVersion finalWeights, int epoch) {
        if (runWeights == null || !runWeights.equals(finalWeights) || epoch > 0 && !epochs.containsKey(epoch)) {
            return false;
        }
        int shown = epoch > 0 ? epoch : lastEpoch.get();
        if (shown < 0) {
            return false;
        }
        following = epoch == 0;
        settingEpoch = true;
        shownEpoch.set(shown);
        settingEpoch = false;
        showHistograms();
        summary.set(epoch > 0 ? tr("health.summary.timeMachine", epoch) : tr("health.summary.timeMachineFinal"));
        return true;
    }

    /** Forgets the run. */
    void clear() {
        runWeights = null;
        layers.clear();
        byLayer.clear();
        epochs.clear();
        warnings.clear();
        histograms.clear();
        following = true;
        settingEpoch = true;
        lastEpoch.set(-1);
        shownEpoch.set(0);
        settingEpoch = false;
        summary.set(emptyText());
    }

    /** Applies the health events among a batch of training events (others are ignored). */
    void apply(List<Object> events) {
        for (Object o : events) {
            if (o instanceof TrainingStarted) {
                clear();
                summary.set(tr("health.summary.started"));
            } else if (o instanceof HealthReport r) {
                report(r);
            } else if (o instanceof EpochHealth e) {
                epochEnded(e);
            }
        }
    }

    private void report(HealthReport r) {
        for (LayerHealth h : r.layers()) {
            LayerCurves c = curves(h);
            add(c.gradient(), r.x(), h.gradientNorm(), true);
            add(c.ratio(), r.x(), h.updateRatio(), true);
            add(c.zeroShare(), r.x(), h.zeroShare(), false);
        }
        advise(r.layers());
        summary.set(tr("health.summary.batch", r.epoch(), r.batch(), r.batchesPerEpoch(), r.layers().size()));
    }

    private void epochEnded(EpochHealth e) {
        epochs.put(e.epoch(), e);
        if (e.epoch() > 0) {
            advise(e.layers());
            summary.set(tr("health.summary.epoch", e.epoch()));
        }
        settingEpoch = true;
        lastEpoch.set(e.epoch());
        if (following) {
            shownEpoch.set(e.epoch());
        }
        settingEpoch = false;
        showHistograms();
    }

    private void showHistograms() {
        EpochHealth e = epochs.get(shownEpoch.get());
        histograms.setAll(e == null ? List.of() : e.histograms());
    }

    private void advise(List<LayerHealth> health) {
        List<String> text = new ArrayList<>();
        for (HealthAdvisor.Warning w : HealthAdvisor.advise(health)) {
            text.add(w.text());
        }
        if (!text.equals(warnings)) {
            warnings.setAll(text);
        }
    }

    private LayerCurves curves(LayerHealth h) {
        return byLayer.computeIfAbsent(h.layer(), k -> {
            LayerCurves c = new LayerCurves(h.layer(), h.name(), FXCollections.observableArrayList(),
                    FXCollections.observableArrayList(), FXCollections.observableArrayList(), h.hasWeights(), h.hasRelu());
            int at = 0;
            while (at < layers.size() && layers.get(at).layer() < h.layer()) {
                at++;
            }
            layers.add(at, c);
            return c;
        });
    }

    private static void add(ObservableList<Point> into, double x, double v, boolean log) {
        if (Double.isFinite(v) && (!log || v > 0)) {
            into.add(new Point(x, log ? Math.log10(v) : v));
        }
    }

    private static String emptyText() {
        return tr("health.summary.empty");
    }
}
