package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.InputNormalization;
import org.convscope.core.train.TrainConfig;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.io.PyTorchProject;

/**
 * Exporting a model for training elsewhere, the one use case {@code convscope export --to pytorch|onnx} and File &gt;
 * Export share: a PyTorch project folder ({@link PyTorchProject}) that carries the model, its current weights (the
 * trained ones when there are any, from a run or an opened {@code .convscope.zip}, {@code .h5} or {@code .onnx} file)
 * and the training settings (optimiser, learning rate and schedule, batch, epochs, seed, augmentation, input
 * standardisation), or an ONNX file with the model and its current weights.
 *
 * <p>Input standardisation: a model that already standardises keeps its own numbers; otherwise, when the settings ask
 * for it, the training images' per-channel statistics are computed exactly as a ConvScope run computes them
 * ({@link TrainingPipeline#read}, the same data, hold-out and limit) and written into {@code model.py}.
 */
public final class Exports {

    private Exports() {
    }

    /**
     * The training settings the exported {@code train.py} starts with.
     *
     * @param config epochs, batch, learning rate and schedule, optimiser, seed, augmentation
     * @param data the data whose statistics standardise the input when {@code data.normalise()} (the images
     *        themselves are given to train.py with {@code --data})
     */
    public record TrainingSettings(TrainConfig config, TrainingPipeline.Request data) {
    }

    /**
     * What was written.
     *
     * @param path the folder or file
     * @param trainedWeights whether it carries trained weights (else fresh ones from the seed)
     * @param normalization the input standardisation the model applies there, or null
     */
    public record Written(Path path, boolean trainedWeights, InputNormalization normalization) {

        /** One line for a status bar or standard error, e.g. {@code Wrote DIR (with the trained weights)}. */
        public String describe() {
            return "Wrote " + path + (trainedWeights ? " (with the trained weights" : " (fresh weights")
                    + (normalization == null ? ")" : "; inputs standardised: " + normalization + ")");
        }
    }

    /** Why an export cannot be made, said before anything is written. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Names what keeps a model from becoming a PyTorch project (or an ONNX file), before anything is written.
     *
     * @return the sentence to show, or empty
     */
    public static Optional<String> refusal(ModelSpec model) {
        var analysis = ModelAnalyzer.analyze(model);
        if (!analysis.valid()) {
            return Optional.of(tr("error.export.cannotBuild", analysis.problem().orElseThrow().describe()));
        }
        return PyTorchProject.unsupported(model).map(why -> tr("error.export.pytorchCannot", why));
    }

    /**
     * Writes the PyTorch project folder atomically (a temporary sibling renamed into place).
     *
     * @param engine converts the weights to Keras' layouts
     * @param model the model
     * @param trained the model's current trained weights (for exactly {@code model}), or null for fresh ones
     * @param settings train.py's defaults
     * @param dir the folder
     * @param replace replace {@code dir} if it exists (the caller has asked, or was told {@code --force})
     * @param cancel checked while the statistics are computed
     * @param progress reading the data for the statistics
     * @return what was written
     * @throws RefusedException if the model cannot be exported (nothing was written)
     * @throws FileAlreadyExistsException if {@code dir} exists and {@code replace} is false
     * @throws Exception if the data for the statistics cannot be read, or writing fails ({@code dir} is as it was)
     */
    public static Written pytorch(Engine engine, ModelSpec model, CompiledModel trained, TrainingSettings settings,
            Path dir, boolean replace, CancelToken cancel, ProgressSink progress) throws Exception {
        Optional<String> why = refusal(model);
        if (why.isPresent()) {
            throw new RefusedException(why.get());
        }
        if (Files.exists(dir) && !replace) {
            throw new FileAlreadyExistsException(dir.toString(), null, "exists");
        }
        CompiledModel weights = trained != null && trained.spec().equals(model) ? trained : null;
        InputNormalization normalization = weights == null ? null : weights.inputNormalization().orElse(null);
        if (normalization == null && settings.data().normalise()) {
            normalization = TrainingPipeline.read(settings.data(), model.input(), AppFolders.current().datasets(),
                    cancel, progress).statistics();
        }
        cancel.throwIfCancelled();
        PyTorchProject.write(model, normalization, weights == null ? null : engine.kerasWeights(weights),
                PyTorchProject.Settings.of(settings.config()), dir, replace);
        return new Written(dir, weights != null, normalization);
    }

    /**
     * Writes the model with its current weights as ONNX (opset 13), atomically.
     *
     * @param trained the model's trained weights (for exactly {@code model}), or null for fresh ones from {@code seed}
     * @param seed the seed of fresh weights ({@link Session#UNTRAINED_SEED} for the weights the app shows)
     * @throws RefusedException if the model cannot be exported (nothing was written)
     */
    public static Written onnx(Engine engine, ModelSpec model, CompiledModel trained, long seed, Path file)
            throws RefusedException, IOException {
        Optional<String> why = refusal(model).or(() -> org.convscope.core.model.EngineSupport.codeRefusal(model, "onnx")
                .map(r -> tr("error.export.onnxCannot", r)));
        if (why.isPresent()) {
            throw new RefusedException(why.get().replace("PyTorch", "ONNX"));
        }
        boolean hasTrained = trained != null && trained.spec().equals(model);
        CompiledModel network = hasTrained ? trained : engine.compile(model, seed);
        engine.exportOnnx(network, file);
        return new Written(file, hasTrained, network.inputNormalization().orElse(null));
    }
}
