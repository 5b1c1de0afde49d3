package org.convscope.ui.featuremaps;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;

/**
 * A layer the Feature maps screen can show: its 1-based index, and text for the chooser.
 *
 * @param index the layer's 1-based index
 * @param label e.g. {@code 3. conv2d_1 (Conv2D)  (None, 13, 13, 64)}
 * @param spatial true when its output is H x W x C (it has maps)
 */
record LayerChoice(int index, String label, boolean spatial) {

    /**
     * The layers of a model that have maps, or its Conv2D and DepthwiseConv2D layers (which have filters; a depthwise
     * layer's are one {@code (kh, kw, 1)} tile per output channel; a SeparableConv2D layer's its depthwise part's,
     * with its 1x1 part as a matrix).
     *
     * @param model the model
     * @param conv true for the layers with filters only
     */
    static List<LayerChoice> of(ModelSpec model, boolean conv) {
        List<LayerChoice> out = new ArrayList<>();
        for (LayerInfo l : ModelAnalyzer.analyze(model).layers()) {
            boolean spatial = l.output() instanceof TensorShape.Spatial;
            if (conv ? l.spec() instanceof LayerSpec.Conv2D || l.spec() instanceof LayerSpec.DepthwiseConv2D
                    || l.spec() instanceof LayerSpec.SeparableConv2D : spatial) {
                out.add(new LayerChoice(l.index(), l.index() + ". " + l.name() + " (" + l.spec().type() + ")  "
                        + l.output().keras(), spatial));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return label;
    }
}
