package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Explanations;
import org.junit.jupiter.api.Test;

/** An occlusion map where the answer is known: class 0 reads only the top-left quarter of the image. */
class OcclusionEngineTest {

    @Test
    void hidingTheOnlyRegionTheClassReadsIsTheOnlyDrop() {
        // 4x4 gray -> Flatten -> Dense(2, softmax): class 0 weights 5 on the four top-left pixels, class 1 none
        ModelSpec spec = new ModelSpec("quarter", "", new InputSpec(4, 4, 1), List.of(
                new LayerSpec.Flatten(null), new LayerSpec.Dense(null, 2, Activation.SOFTMAX, true)));
        Dl4jEngine engine = new Dl4jEngine();
        CompiledModel m = engine.compile(spec, 1);
        double[][] w = new double[16][2];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                w[r * 4 + c][0] = 5;
            }
        }
        engine.setDenseWeights(m, 2, w, new double[] {0, 0});
        double[] ones = new double[16];
        java.util.Arrays.fill(ones, 1);
        // whole image: logits (20, 0), p0 = 1 / (1 + e^-20); top-left hidden (fill 0): logits (0, 0), p0 = 0.5
        var map = Explanations.occlusion(engine, m, new Volume(4, 4, 1, ones), -1, 2, 2, 0.0, CancelToken.NEVER);
        double p0 = 1 / (1 + Math.exp(-20));
        assertEquals(0, map.classIndex());
        assertEquals(p0, map.probability(), 1e-6);
        assertEquals(p0 - 0.5, map.drops()[0][0], 1e-5, "hiding the top-left quarter halves class 0");
        assertEquals(p0 - 0.5, map.drops()[1][1], 1e-5);
        for (int[] cell : new int[][] {{0, 2}, {0, 3}, {2, 0}, {3, 3}, {2, 2}}) {
            assertEquals(0, map.drops()[cell[0]][cell[1]], 1e-6, "hiding elsewhere changes nothing");
        }
        // explaining class 1 instead: hiding the top-left raises it (a negative drop)
        var other = Explanations.occlusion(engine, m, new Volume(4, 4, 1, ones), 1, 2, 2, 0.0, CancelToken.NEVER);
        assertEquals(1 - p0 - 0.5, other.drops()[0][0], 1e-5);
    }
}
