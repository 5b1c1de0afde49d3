package org.convscope.core.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;

class EditHistoryTest {

    private static final ModelSpec START = new ModelSpec("m", "", new InputSpec(32, 32, 3), List.of(
            LayerSpecs.create("Conv2D"), LayerSpecs.create("MaxPooling2D"), LayerSpecs.create("Flatten"),
            new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true)));

    private static LayerSpec.Conv2D conv(int filters) {
        return new LayerSpec.Conv2D(null, filters, Size2.square(3), Size2.square(1), Padding.VALID, Activation.RELU, true);
    }

    @Test
    void undoAndRedoRestoreExactModelsAndParamCounts() {
        EditHistory h = new EditHistory(START);
        long before = ModelAnalyzer.analyze(h.current()).totalParams();
        // conv 3*3*3*32+32 = 896; pool -> 15x15x32 = 7200; dense 7200*10+10 = 72010
        assertEquals(896 + 72_010, before);
        h.apply(ModelEdits.replace(0, conv(64), "Set filters of conv2d to 64", null));
        // conv 3*3*3*64+64 = 1792; dense 15*15*64*10+10 = 144010
        assertEquals(1792 + 144_010, ModelAnalyzer.analyze(h.current()).totalParams());
        h.apply(ModelEdits.insert(1, LayerSpecs.create("BatchNormalization")));
        assertEquals(5, h.current().layers().size());
        assertEquals("Add BatchNormalization", h.undoDescription().orElseThrow());
        h.undo();
        assertEquals("Add BatchNormalization", h.redoDescription().orElseThrow());
        h.undo();
        assertEquals(START, h.current());
        assertFalse(h.canUndo());
        h.redo();
        h.redo();
        assertEquals(5, h.current().layers().size());
        assertEquals(conv(64), h.current().layers().get(0));
        assertFalse(h.canRedo());
    }

    @Test
    void newEditClearsRedo() {
        EditHistory h = new EditHistory(START);
        h.apply(ModelEdits.remove(1, "max_pooling2d"));
        h.undo();
        assertTrue(h.canRedo());
        h.apply(ModelEdits.duplicate(0, "conv2d"));
        assertFalse(h.canRedo());
        assertEquals(5, h.current().layers().size());
    }

    @Test
    void dirtyFollowsTheSavedStateThroughUndo() {
        EditHistory h = new EditHistory(START);
        assertFalse(h.isDirty());
        h.apply(ModelEdits.move(1, 0, "max_pooling2d"));
        assertTrue(h.isDirty());
        h.undo();
        assertFalse(h.isDirty(), "back at the saved model");
        h.redo();
        h.markSaved();
        assertFalse(h.isDirty());
        h.undo();
        assertTrue(h.isDirty(), "the saved file has the moved layer");
    }

    @Test
    void typingMergesIntoOneStepButNotAcrossOtherEditsOrSaves() {
        EditHistory h = new EditHistory(START);
        h.apply(ModelEdits.replace(0, conv(1), "Set filters of conv2d to 1", "0:filters"));
        h.apply(ModelEdits.replace(0, conv(12), "Set filters of conv2d to 12", "0:filters"));
        h.apply(ModelEdits.replace(0, conv(128), "Set filters of conv2d to 128", "0:filters"));
        assertEquals(1, h.undoDepth());
        assertEquals("Set filters of conv2d to 128", h.undoDescription().orElseThrow());
        h.undo();
        assertEquals(START, h.current());
        h.redo();
        h.markSaved();
        h.apply(ModelEdits.replace(0, conv(8), "Set filters of conv2d to 8", "0:filters"));
        assertEquals(2, h.undoDepth(), "a save ends the merge");
    }

    @Test
    void noOpEditIsNotRecordedAndBadEditChangesNothing() {
        EditHistory h = new EditHistory(START);
        ModelSpec same = h.apply(ModelEdits.replace(0, LayerSpecs.create("Conv2D"), "Set nothing", null));
        assertSame(START, same);
        assertFalse(h.canUndo());
        assertThrows(IllegalArgumentException.class, () -> h.apply(ModelEdits.remove(9, "x")));
        assertEquals(START, h.current());
        assertThrows(IllegalStateException.class, h::undo);
    }

    @Test
    void duplicateDropsTheUserNameSoNamesStayUnique() {
        ModelSpec named = START.withLayer(0, LayerSpecs.withName(conv(8), "edges"));
        EditHistory h = new EditHistory(named);
        h.apply(ModelEdits.duplicate(0, "edges"));
        assertTrue(ModelAnalyzer.analyze(h.current()).valid());
        assertEquals("conv2d", ModelAnalyzer.analyze(h.current()).layers().get(1).name());
    }
}
