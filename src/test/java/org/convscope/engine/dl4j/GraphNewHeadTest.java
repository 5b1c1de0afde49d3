package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingEnded;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.ImportedModel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.junit.jupiter.api.Test;

/**
 * A new head on a graph model ({@link Dl4jEngine#withNewHead}): the residual Keras fixture resnet_mini.h5 (10 classes)
 * gets a fresh 4-unit Dense output; every other layer's parameters are the file's number for number, the graph's
 * connections are kept, and fine-tuning with the first layers frozen leaves those layers (batch normalisation's
 * moving statistics included) bit for bit as they were while the later layers and the head learn.
 */
class GraphNewHeadTest {

    /** Vertex name to its layer's parameters, for every vertex with parameters. */
    private static Map<String, float[]> params(CompiledModel model) {
        ComputationGraph g = ((Dl4jModel) model).graph();
        Map<String, float[]> out = new LinkedHashMap<>();
        for (GraphVertex v : g.getVertices()) {
            if (v.hasLayer() && v.getLayer().numParams() > 0) {
                out.put(v.getVertexName(), Nd4jArrays.floats(v.getLayer().params()));
            }
        }
        return out;
    }

    /** 24 random 16x16x3 images in 4 classes; the class brightens one channel so that there is something to learn. */
    private static LabelledImages images() {
        Random r = new Random(3);
        Volume[] v = new Volume[24];
        for (int i = 0; i < v.length; i++) {
            double[] d = new double[16 * 16 * 3];
            for (int k = 0; k < d.length; k++) {
                d[k] = r.nextDouble() * 0.5 + (k % 3 == (i % 4) % 3 ? 0.4 : 0);
            }
            v[i] = new Volume(16, 16, 3, d);
        }
        return LabelledImages.of(v.length, 16, 16, 3, 4, i -> i % 4, i -> v[i]);
    }

    @Test
    void aNewHeadKeepsEveryOtherWeightAndFineTunesWithFrozenLayers() throws Exception {
        Dl4jEngine engine = new Dl4jEngine();
        ImportedModel imported = engine.importKeras(KerasImportTest.DIR.resolve("resnet_mini.h5"));
        CompiledModel model = imported.model();
        Map<String, float[]> before = params(model);
        CompiledModel headed = engine.withNewHead(model, 4, 11);

        assertTrue(headed.spec().isGraph());
        assertEquals(model.spec().inputs(), headed.spec().inputs(), "the connections are kept");
        LayerSpec last = headed.spec().layers().get(headed.spec().layers().size() - 1);
        assertEquals(4, ((LayerSpec.Dense) last).units());
        Map<String, float[]> kept = params(headed);
        assertEquals(before.keySet(), kept.keySet());
        int compared = 0;
        for (String name : before.keySet()) {
            if (name.equals("predictions")) {
                assertEquals(16 * 4 + 4, kept.get(name).length, "the new head: 16 inputs x 4 units + 4 biases");
                continue;
            }
            assertArrayEquals(before.get(name), kept.get(name), 0f, name + " is the file's, number for number");
            compared += before.get(name).length;
        }
        assertTrue(compared > 4000, "conv, batch norm and projection weights compared: " + compared);
        Volume image = images().image(0);
        double[] p = engine.classify(headed, images().head(1), 1, CancelToken.NEVER)[0];
        assertEquals(4, p.length, "four classes");
        assertEquals(1.0, Arrays.stream(p).sum(), 1e-5);
        assertEquals(10, engine.forward(model, image).layer(model.spec().layers().size()).output().values().length,
                "the original model is untouched");

        // fine-tune: the stem and the first residual block (10 layers, stem .. b1_out) frozen
        TrainConfig config = new TrainConfig(2, 8, 0.01, TrainConfig.Optimizer.ADAM, 5, true).withFrozenLayers(10);
        TrainingResult r = engine.train(headed, images(), images().head(8), config, new TrainingListener() { },
                CancelToken.NEVER);
        assertEquals(TrainingEnded.Reason.COMPLETED, r.reason());
        Map<String, float[]> after = params(headed);
        for (String name : new String[] {"stem", "stem_bn", "b1_conv1", "b1_bn1", "b1_conv2", "b1_bn2"}) {
            assertArrayEquals(before.get(name), after.get(name), 0f, name + " is frozen");
        }
        for (String name : new String[] {"b2_conv1", "b2_bn1", "b2_proj", "predictions"}) {
            assertFalse(Arrays.equals(kept.get(name), after.get(name)), name + " learned");
        }
    }
}
