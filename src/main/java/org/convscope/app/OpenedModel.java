package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;

/**
 * A model file as {@link ModelFiles#open} read it.
 *
 * @param file the file
 * @param kind what the file holds, from its content
 * @param spec the model (for a Keras {@code .h5} file, its supported part)
 * @param weights the trained weights, when the file has them (a saved trained model, a Keras {@code .h5})
 * @param notes what the user should know, e.g. the Keras layers that were left out; may be empty
 * @param origin where the model comes from, for a status line, e.g. {@code Keras 2.15.0}; empty when it is ConvScope's
 */
public record OpenedModel(Path file, ModelFiles.Kind kind, ModelSpec spec, Optional<CompiledModel> weights,
        List<String> notes, String origin) {

    /** Checks the parts and copies the notes. */
    public OpenedModel {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        notes = List.copyOf(notes);
        Objects.requireNonNull(origin, "origin");
    }

    /** True when the file has trained weights. */
    public boolean trained() {
        return weights.isPresent();
    }

    /**
     * Returns the trained weights, or explains that the file has none and how to get some.
     *
     * @param task what needs them, e.g. {@code "gradcam"}
     * @return the network with the file's weights
     * @throws ModelFiles.UnusableFileException naming the file, what it is and what to do
     */
    public CompiledModel requireWeights(String task) throws ModelFiles.UnusableFileException {
        if (weights.isPresent()) {
            return weights.get();
        }
        throw new ModelFiles.UnusableFileException(kind, ModelFiles.withoutWeights(tr("error.open.isWithoutWeights",
                file.getFileName(), kind.description()), task, "--model " + file));
    }
}
