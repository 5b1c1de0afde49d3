package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.util.Optional;
import org.convscope.engine.CompiledModel;

/**
 * Keeps a model shown only up to an unsupported layer ({@link CompiledModel#partial()}) from being used as if it were
 * whole. Its last layer shown is not the model's output, so anything that reads the output as class scores (predict,
 * Grad-CAM, occlusion, evaluate, embeddings) or trains towards it would give confident nonsense; both front ends ask
 * here before they start such a task. Feature maps and filters of the layers shown are right and never ask.
 */
public final class WholeModel {

    /** A task refused because its model is only part of its file's model; the message says why and what still works. */
    public static final class PartialModelException extends java.io.IOException {

        private static final long serialVersionUID = 1L;

        PartialModelException(String message) {
            super(message);
        }
    }

    private WholeModel() {
    }

    /**
     * Says why a task cannot use a model, when it is partial.
     *
     * @param model the network
     * @param task what would use it, e.g. {@code "predict"} or {@code "Grad-CAM"}
     * @return the reason, e.g. {@code predict needs the whole model, but resnet.h5 is shown only up to ... Feature maps
     *         and filters of the 7 layers shown still work.}; empty for a whole model
     */
    public static Optional<String> refusal(CompiledModel model, String task) {
        return model.partial().map(reason -> tr("error.partial.refusal", task, reason, model.spec().layers().size()));
    }

    /**
     * Refuses a partial model for a task.
     *
     * @param model the network
     * @param task what would use it
     * @return the model, when it is whole
     * @throws PartialModelException with {@link #refusal}'s message
     */
    public static CompiledModel require(CompiledModel model, String task) throws PartialModelException {
        Optional<String> why = refusal(model, task);
        if (why.isPresent()) {
            throw new PartialModelException(why.get());
        }
        return model;
    }
}
