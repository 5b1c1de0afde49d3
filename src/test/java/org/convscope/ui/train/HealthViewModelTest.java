package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convscope.core.train.EpochHealth;
import org.convscope.core.train.HealthReport;
import org.convscope.core.train.LayerHealth;
import org.convscope.core.train.TrainingStarted;
import org.convscope.core.train.WeightHistogram;
import org.convscope.ui.train.TrainViewModel.Point;
import org.junit.jupiter.api.Test;

/** The Learning health tab's state from hand-made events, without the FX toolkit. */
class HealthViewModelTest {

    private static final double NONE = Double.NaN;

    private static WeightHistogram hist(int layer, float... w) {
        return WeightHistogram.of(layer, "l" + layer, w, 1, 4);
    }

    @Test
    void curvesOnLogScalesWarningsAndTheEpochToShow() {
        HealthViewModel vm = new HealthViewModel();
        assertTrue(vm.summaryProperty().get().startsWith("No run yet"), vm.summaryProperty().get());
        vm.apply(List.of(new TrainingStarted(2, 4),
                new EpochHealth(0, List.of(), List.of(hist(1, 0.1f))),
                new HealthReport(1, 2, 4, List.of(new LayerHealth(3, "dense", 0.01, 1e-3, NONE),
                        new LayerHealth(1, "conv2d", 100, 0.5, 0.25),
                        new LayerHealth(2, "activation", NONE, NONE, 0.95)))));
        assertEquals(List.of(1, 2, 3), vm.layers().stream().map(HealthViewModel.LayerCurves::layer).toList(),
                "in model order, whatever order they came in");
        HealthViewModel.LayerCurves conv = vm.layers().get(0);
        // x = 0 + 2/4; log10(100) = 2, log10(0.5) = -0.30103
        assertEquals(List.of(new Point(0.5, 2)), conv.gradient());
        assertEquals(-0.30103, conv.ratio().get(0).y(), 1e-5);
        assertEquals(List.of(new Point(0.5, 0.25)), conv.zeroShare());
        assertEquals(List.of(), vm.layers().get(1).gradient(), "no weights: no gradient points");
        assertEquals(-3, vm.layers().get(2).ratio().get(0).y(), 1e-12);
        // conv2d explodes (0.5 > 0.1); the activation's ReLUs are 95% dead
        assertEquals(2, vm.warnings().size());
        assertTrue(vm.warnings().get(0).startsWith("Layer 1 (conv2d): its updates are exploding"), vm.warnings().get(0));
        assertTrue(vm.warnings().get(1).startsWith("Layer 2 (activation): 95% of its ReLU outputs are 0"));
        assertEquals(0, vm.shownEpochProperty().get());
        assertEquals(1, vm.histograms().size(), "the starting weights' histograms");

        // a zero gradient has no point on a log scale; the epoch's means replace the warnings
        vm.apply(List.of(new HealthReport(1, 4, 4, List.of(new LayerHealth(1, "conv2d", 0, 1e-3, 0.5))),
                new EpochHealth(1, List.of(new LayerHealth(1, "conv2d", 1, 2e-3, 0.4)), List.of(hist(1, 0.5f, -0.5f)))));
        assertEquals(1, conv.gradient().size());
        assertEquals(2, conv.ratio().size());
        assertEquals(List.of(), vm.warnings(), "all well after epoch 1");
        assertEquals(1, vm.shownEpochProperty().get(), "follows the newest epoch");
        assertEquals(2, vm.histograms().get(0).total());
        assertTrue(vm.summaryProperty().get().startsWith("After epoch 1"), vm.summaryProperty().get());

        // the user looks back at the start: later epochs no longer move the slider
        vm.shownEpochProperty().set(0);
        assertEquals(1, vm.histograms().get(0).total());
        vm.apply(List.of(new EpochHealth(2, List.of(), List.of(hist(1, 0f, 0f, 0f)))));
        assertEquals(2, vm.lastEpochProperty().get());
        assertEquals(0, vm.shownEpochProperty().get());
        vm.shownEpochProperty().set(2);
        assertEquals(3, vm.histograms().get(0).total());

        // a new run starts from nothing
        vm.apply(List.of(new TrainingStarted(1, 1)));
        assertEquals(List.of(), vm.layers());
        assertEquals(-1, vm.lastEpochProperty().get());
        assertEquals(List.of(), vm.histograms());
    }

    @Test
    void theTimeMachineShowsTheHistogramsOfItsEpoch() {
        HealthViewModel vm = new HealthViewModel();
        var run = org.convscope.app.WeightsVersion.trained(1, 2);
        vm.apply(List.of(new TrainingStarted(2, 1), new EpochHealth(0, List.of(), List.of(hist(1, 0.1f))),
                new EpochHealth(1, List.of(), List.of(hist(1, 0.1f, 0.2f))),
                new EpochHealth(2, List.of(), List.of(hist(1, 0.1f, 0.2f, -0.9f)))));
        assertEquals(false, vm.showTimeMachine(run, 1), "the run has not said which weights it ended with");
        vm.ranInto(run);
        assertEquals(false, vm.showTimeMachine(org.convscope.app.WeightsVersion.trained(2, 2), 1),
                "another run's checkpoint: these numbers are not its");
        assertEquals(false, vm.showTimeMachine(run, 7), "no such epoch");
        assertEquals(2, vm.shownEpochProperty().get());

        assertTrue(vm.showTimeMachine(run, 1));
        assertEquals(1, vm.shownEpochProperty().get());
        // limit 1, 4 bins of 0.5 from -1: 0.1 and 0.2 both fall in [0, 0.5)
        assertEquals(List.of(0L, 0L, 2L, 0L), java.util.Arrays.stream(vm.histograms().get(0).counts()).boxed().toList());
        assertTrue(vm.summaryProperty().get().contains("epoch 1"), vm.summaryProperty().get());

        assertTrue(vm.showTimeMachine(run, 0), "the final weights");
        assertEquals(2, vm.shownEpochProperty().get());
        assertEquals(List.of(1L, 0L, 2L, 0L), java.util.Arrays.stream(vm.histograms().get(0).counts()).boxed().toList());

        vm.apply(List.of(new TrainingStarted(1, 1)));
        assertEquals(false, vm.showTimeMachine(run, 1), "a new run forgets the old one's weights");
    }

    @Test
    void aRunOnTheTrainScreenFillsTheHealthTab() {
        var session = new org.convscope.ui.common.ModelSession();
        var engine = new org.convscope.engine.dl4j.Dl4jEngine();
        TrainViewModel train = new TrainViewModel(session, () -> engine, new org.convscope.ui.common.CurrentThreadTaskExecutor(),
                Runnable::run);
        train.start(new org.convscope.core.train.TrainConfig(1, 64, 1e-3, org.convscope.core.train.TrainConfig.Optimizer.ADAM,
                1, true), 256);
        assertTrue(train.statusProperty().get().startsWith("Finished"), train.statusProperty().get());
        HealthViewModel vm = train.curves().health();
        var names = org.convscope.core.analysis.ModelAnalyzer.layerNames(session.getModel());
        assertTrue(vm.layers().size() >= 3, vm.layers().toString());
        for (HealthViewModel.LayerCurves c : vm.layers()) {
            assertEquals(names.get(c.layer() - 1), c.name());
            assertTrue(!c.ratio().isEmpty() || !c.zeroShare().isEmpty(), c.toString());
        }
        assertEquals(1, vm.lastEpochProperty().get());
        assertEquals(0, vm.epoch(0).layers().size());
        assertTrue(!vm.histograms().isEmpty());

        // the time machine's checkpoint of epoch 1 shows that epoch's histograms, which count its weights
        var checkpoint = session.trainedFor(session.getModel()).orElseThrow().checkpoints().get(0);
        vm.shownEpochProperty().set(0);
        assertTrue(vm.showTimeMachine(session.getWeights(), checkpoint.epoch()));
        assertEquals(1, vm.shownEpochProperty().get());
        WeightHistogram shown = vm.histograms().get(0);
        java.util.List<Double> w = new java.util.ArrayList<>();
        for (var f : checkpoint.model().filters(shown.layer())) {
            for (double v : f.values()) {
                w.add(v);
            }
        }
        float[] weights = new float[w.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = w.get(i).floatValue();
        }
        assertEquals(WeightHistogram.of(shown.layer(), shown.name(), weights, shown.limit(), shown.counts().length),
                shown, "layer " + shown.layer() + "'s histogram at epoch 1 counts the checkpoint's kernels");
    }

    @Test
    void summaryAndWarningsReadInTheChosenLanguage() {
        try {
            org.convscope.ui.common.I18n.setLocale(java.util.Locale.GERMAN);
            HealthViewModel vm = new HealthViewModel();
            assertTrue(vm.summaryProperty().get().startsWith("Noch kein Lauf"), vm.summaryProperty().get());
            vm.apply(List.of(new TrainingStarted(2, 4), new HealthReport(1, 2, 4, List.of(
                    new LayerHealth(1, "conv2d", 100, 0.5, 0.25)))));
            assertEquals("Epoche 1, Batch 2 von 4: 1 Schicht gemessen.", vm.summaryProperty().get());
            // update/weight 0.5: half the weights' size per step, five hundred times the healthy 0.001
            assertTrue(vm.warnings().get(0).startsWith("Schicht 1 (conv2d): Die Updates explodieren: Jeder Schritt"
                    + " ändert die Gewichte um 50% ihrer Größe (Update/Gewicht 0.500,"), vm.warnings().get(0));
            org.convscope.ui.common.I18n.setLocale(java.util.Locale.forLanguageTag("es"));
            vm.apply(List.of(new EpochHealth(1, List.of(new LayerHealth(1, "conv2d", 1e-9, 1e-3, 0.25)), List.of())));
            assertEquals("Tras la época 1 (medias de sus lotes medidos).", vm.summaryProperty().get());
            assertTrue(vm.warnings().get(0).startsWith("Capa 1 (conv2d): sus gradientes se desvanecen (norma del"
                    + " gradiente 1.0e-09,"), vm.warnings().get(0));
        } finally {
            org.convscope.ui.common.I18n.setLocale(java.util.Locale.ENGLISH);
        }
    }
}
