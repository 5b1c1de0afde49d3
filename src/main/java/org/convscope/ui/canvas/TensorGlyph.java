package org.convscope.ui.canvas;

import javafx.scene.layout.Region;
import org.convscope.core.model.TensorShape;

/**
 * A small box whose size hints at a tensor: width grows with {@code log2(max(H, W))}, height with
 * {@code log2(C)}; a flat vector is a thin bar whose length grows with {@code log2(N)}.
 */
final class TensorGlyph {

    private TensorGlyph() {
    }

    static Region of(TensorShape shape) {
        Region r = new Region();
        r.getStyleClass().add("tensor-glyph");
        resize(r, shape);
        return r;
    }

    /** Sizes an existing glyph for {@code shape}. */
    static void resize(Region r, TensorShape shape) {
        double w;
        double h;
        if (shape instanceof TensorShape.Spatial s) {
            w = 8 + 7 * log2(Math.max(s.height(), s.width()));
            h = 6 + 5 * log2(s.channels());
        } else if (shape instanceof TensorShape.Flat f) {
            w = 4 + 5 * log2(f.length());
            h = 6;
            if (!r.getStyleClass().contains("flat")) {
                r.getStyleClass().add("flat");
            }
        } else {
            w = 0;
            h = 0;
        }
        r.setMinSize(w, h);
        r.setPrefSize(w, h);
        r.setMaxSize(w, h);
    }

    private static double log2(double v) {
        return Math.log(Math.max(1, v)) / Math.log(2);
    }
}
