package org.convscope.app;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.train.Evaluation;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;

/** Predict: the class probabilities of one image under a network, and its most likely classes with their names. */
public final class Predictions {

    /**
     * One class and how likely the model finds it.
     *
     * @param index the class, 0-based
     * @param name its name ({@code "class k"} when the model's classes have no names)
     * @param probability from 0 to 1
     */
    public record Ranked(int index, String name, double probability) {
    }

    private Predictions() {
    }

    /** Returns true if the model's last activation is softmax (its outputs are probabilities already). */
    public static boolean endsInSoftmax(ModelSpec spec) {
        LayerSpec last = spec.layers().get(spec.layers().size() - 1);
        return last instanceof LayerSpec.Dense d && d.activation() == Activation.SOFTMAX
                || last instanceof LayerSpec.ActivationLayer a && a.activation() == Activation.SOFTMAX;
    }

    /**
     * Returns the class probabilities of one image: the last layer's output, with softmax applied when that layer is
     * linear (logits).
     *
     * @param engine the engine that runs the network
     * @param model the network
     * @param image the image as the model's input {@code (H, W, C)}
     */
    public static double[] probabilities(Engine engine, CompiledModel model, Volume image) {
        Activations acts = engine.forward(model, image);
        return Evaluation.probabilities(acts.layer(acts.size()).output().values(), endsInSoftmax(model.spec()));
    }

    /**
     * Returns the {@code k} most likely classes of one image, most likely first.
     *
     * @param engine the engine that runs the network
     * @param model the network
     * @param image the image as the model's input
     * @param k how many, at least 1 (fewer when the model has fewer classes)
     * @param names the class names, or an empty list for {@code "class k"}
     */
    public static List<Ranked> top(Engine engine, CompiledModel model, Volume image, int k, List<String> names) {
        double[] p = probabilities(engine, model, image);
        List<Ranked> ranked = new ArrayList<>();
        for (int c : Evaluation.topK(p, Math.min(k, p.length))) {
            ranked.add(new Ranked(c, names.size() == p.length ? names.get(c) : "class " + c, p[c]));
        }
        return ranked;
    }
}
