package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.convscope.core.conv.Volume;
import org.convscope.core.edit.ModelEdits;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.junit.jupiter.api.Test;

/** The session's weights versions: which results stay valid after which change. */
class SessionTest {

    /** A network that only knows its model: enough for the session, which never computes. */
    private record Net(ModelSpec spec) implements CompiledModel {
        @Override
        public long parameterCount() {
            return 0;
        }

        @Override
        public Volume[] filters(int layerIndex) {
            return new Volume[0];
        }

        @Override
        public double[] biases(int layerIndex) {
            return new double[0];
        }
    }

    /** A network read only up to an unsupported layer of its file. */
    private record PartNet(ModelSpec spec) implements CompiledModel {
        @Override
        public java.util.Optional<String> partial() {
            return java.util.Optional.of("net.h5 is shown only up to its first unsupported layer, add (Add)");
        }

        @Override
        public long parameterCount() {
            return 0;
        }

        @Override
        public Volume[] filters(int layerIndex) {
            return new Volume[0];
        }

        @Override
        public double[] biases(int layerIndex) {
            return new double[0];
        }
    }

    @Test
    void aPartialModelIsRefusedForWholeModelTasksUntilItIsEdited() throws Exception {
        Session s = new Session();
        assertEquals(java.util.Optional.empty(), s.partialRefusal("Training"), "a preset is whole");
        ModelSpec model = s.model();
        s.openWithWeights(new PartNet(model), WeightsVersion.imported(Path.of("net.h5")));
        int layers = model.layers().size();
        assertEquals(java.util.Optional.of("Training needs the whole model, but net.h5 is shown only up to its first"
                + " unsupported layer, add (Add). Feature maps and filters of the " + layers + " layers shown still work."),
                s.partialRefusal("Training"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(WholeModel.PartialModelException.class,
                () -> WholeModel.require(s.trained().orElseThrow().model(), "Predict"));
        assertTrue(e.getMessage().startsWith("Predict needs the whole model, but net.h5 is shown only up to"), e.getMessage());

        // an edited model is a model of its own (trained from fresh weights); undo brings the partial one back
        assertTrue(s.apply(ModelEdits.remove(layers - 2, "dropout")));
        assertEquals(java.util.Optional.empty(), s.partialRefusal("Training"));
        s.undo();
        assertTrue(s.partialRefusal("Evaluate").isPresent());

        Net whole = new Net(model);
        assertSame(whole, WholeModel.require(whole, "Predict"));
        assertEquals(java.util.Optional.empty(), WholeModel.refusal(whole, "Predict"));
    }

    @Test
    void anEditGivesTheUntrainedModelNewWeightsAndUndoKeepsResultsStale() {
        Session s = new Session();
        WeightsVersion before = s.weights();
        assertEquals(WeightsVersion.Kind.UNTRAINED, before.kind());
        assertEquals("untrained weights (seed 42)", before.label());
        Versioned<String> result = s.tag("prediction");
        assertTrue(s.isCurrent(result));
        assertSame(before, s.weights(), "asking twice is the same version");

        assertTrue(s.apply(ModelEdits.remove(s.model().layers().size() - 2, "dropout")));
        assertNotEquals(before, s.weights());
        assertFalse(s.isCurrent(result), "a result for the old model is stale");
        s.undo();
        assertFalse(s.isCurrent(result), "fresh weights after undo are another set: recompute");
    }

    @Test
    void trainedWeightsApplyOnlyToTheirModelAndAreUnsavedUntilSaved() {
        Session s = new Session();
        AtomicInteger changes = new AtomicInteger();
        s.addListener(changes::incrementAndGet);
        ModelSpec trainedFor = s.model();
        WeightsVersion run1 = WeightsVersion.trained(s.nextRun(), 3);
        s.setTrained(new TrainedWeights(new Net(trainedFor), run1, "trained 3 epochs"));
        assertEquals(1, changes.get());
        assertEquals(run1, s.weights());
        assertEquals("run 1, after epoch 3", run1.label());
        assertTrue(s.hasUnsavedWeights());
        Versioned<Double> accuracy = s.tag(0.61);

        int last = s.model().layers().size() - 1;
        LayerSpec lastLayer = s.model().layers().get(last);
        s.apply(ModelEdits.duplicate(last, lastLayer.name().orElse("dense")));
        assertEquals(WeightsVersion.Kind.UNTRAINED, s.weights().kind(), "the edited model has no trained weights");
        assertFalse(s.isCurrent(accuracy));
        s.undo();
        assertEquals(run1, s.weights(), "undoing the edit makes the trained weights apply again");
        assertTrue(s.isCurrent(accuracy));

        WeightsVersion run2 = WeightsVersion.trained(s.nextRun(), 1);
        assertEquals("run 2, after epoch 1", run2.label());
        s.setTrained(new TrainedWeights(new Net(trainedFor), run2, "trained 1 epoch"));
        assertFalse(s.isCurrent(accuracy), "retraining makes the first run's results stale");
        s.weightsSaved();
        assertFalse(s.hasUnsavedWeights());
    }

    @Test
    void openingAModelWithWeightsReplacesEverythingAndIsSaved() {
        Session s = new Session();
        s.setTrained(new TrainedWeights(new Net(s.model()), WeightsVersion.trained(s.nextRun(), 1), "x"));
        ModelSpec other = s.model().withName("other");
        WeightsVersion opened = WeightsVersion.opened(Path.of("/tmp/cats.convscope.zip"));
        s.openWithWeights(new Net(other), opened);
        assertEquals(other, s.model());
        assertEquals(opened, s.weights());
        assertEquals("weights from cats.convscope.zip", opened.label());
        assertFalse(s.hasUnsavedWeights(), "they are in their file");
        assertTrue(s.file().isEmpty());
        s.usePreset("lenet5");
        assertTrue(s.trained().isEmpty());
        assertEquals(WeightsVersion.Kind.UNTRAINED, s.weights().kind());
        assertEquals(List.of(), s.trainedFor(s.model()).map(TrainedWeights::checkpoints).orElse(List.of()));
    }
}
