package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Learn screen's "one layer of the model on the Build screen with its current weights": while on, the conv
 * layer of the set-up is kernel {@link #kernel()} of the model's first Conv2D layer (its values summed over the
 * input channels, its bias, stride, padding and ReLU; see {@link ModelLayer}), taken again whenever the model or its
 * weights change. Typing a kernel turns it off.
 */
final class LearnModelChoice {

    private final LearnFromApp app;
    private final LearnSetup setup;
    private final Runnable changed;
    private final Runnable shown;
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private ModelLayer layer; // while the model's layer is used, else null
    private int kernel = 1;

    /**
     * @param app takes the layer
     * @param setup the set-up it writes the kernel, bias, stride, padding and ReLU into
     * @param changed called after the set-up changed (recomputes the step)
     * @param shown called after only the note changed
     */
    LearnModelChoice(LearnFromApp app, LearnSetup setup, Runnable changed, Runnable shown) {
        this.app = app;
        this.setup = setup;
        this.changed = changed;
        this.shown = shown;
        app.onModelChange(() -> {
            if (layer != null) {
                use(true); // the model or its weights changed: take the layer as it is now
            }
        });
    }

    /** Whether the app's model can lend its first conv layer (there is a session). */
    boolean available() {
        return app.hasModel();
    }

    /** Whether the conv layer is the model's. */
    boolean inUse() {
        return layer != null;
    }

    /** Which kernel of how many, which weights, and that the others exist; or why it cannot; empty when off. */
    ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** The model layer's kernel count, 0 when it is not used. */
    int kernels() {
        return layer == null ? 0 : layer.kernels();
    }

    /** The 1-based kernel followed. */
    int kernel() {
        return kernel;
    }

    /**
     * Uses the first Conv2D layer of the model on the Build screen, with the session's current weights, as the conv
     * layer (in the background the first time), or goes back to the kernel as typed.
     */
    void use(boolean on) {
        if (!on || !app.hasModel()) {
            boolean was = layer != null || !note.get().isEmpty();
            layer = null;
            note.set("");
            if (was) {
                shown.run();
            }
            return;
        }
        note.set(tr("learn.taking"));
        app.modelLayer(l -> {
            layer = l;
            choose(kernel);
        }, why -> {
            layer = null;
            note.set(why);
            shown.run();
        });
    }

    /** Follows kernel {@code number} (1-based, clamped) of the model's layer. */
    void choose(int number) {
        if (layer == null) {
            return;
        }
        kernel = layer.clamp(number);
        setup.kernel = layer.kernel(kernel);
        setup.bias = layer.bias(kernel);
        setup.stride = layer.strides().h();
        setup.padding = layer.padding();
        setup.relu = layer.relu();
        note.set(layer.note(kernel));
        changed.run();
    }
}
