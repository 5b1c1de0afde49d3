package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.train.Augmentation;
import org.convscope.core.train.InputNormalization;
import org.convscope.core.train.LearningRateSchedule;
import org.convscope.core.train.TrainConfig;

/**
 * Writes a PyTorch project for a ConvScope model, for training beyond one machine with
 * {@code DistributedDataParallel} under {@code torchrun}: {@code model.py} (see {@link PyTorchModelCode}),
 * {@code train.py}, {@code settings.json} (its defaults), {@code README.md}, {@code requirements.txt} and, for a
 * trained model, {@code weights/} (one {@code .npy} per tensor in PyTorch's layouts, named by {@code weights.json}).
 *
 * <p>Weights change layout here: a Keras conv kernel {@code (kh, kw, in, out)} becomes {@code (out, in, kh, kw)}, a
 * Dense kernel {@code (in, units)} becomes {@code Linear.weight (units, in)}, and after a flatten its columns go from
 * ConvScope's {@code (H, W, C)} order to PyTorch's {@code (C, H, W)}. The folder is written in a temporary sibling and
 * renamed into place, so a failure leaves no half-written project.
 */
public final class PyTorchProject {

    /**
     * The training defaults written to {@code settings.json}.
     *
     * @param epochs passes over the training images
     * @param batchSize images per process per step
     * @param learningRate the learning rate
     * @param optimizer {@code adam} or {@code sgd} (Nesterov momentum 0.9)
     * @param seed the seed of the shuffling and of fresh weights
     * @param schedule how the learning rate changes per epoch (train.py applies
     *        {@link LearningRateSchedule#rate} to the epochs it runs)
     * @param augmentation random changes of the training images (train.py draws one affine transform per image as
     *        {@link Augmentation.Variant#matrix} builds it, then the brightness factor)
     */
    public record Settings(int epochs, int batchSize, double learningRate, String optimizer, long seed,
                           LearningRateSchedule schedule, Augmentation augmentation) {

        /** Settings with a constant learning rate and no augmentation. */
        public Settings(int epochs, int batchSize, double learningRate, String optimizer, long seed) {
            this(epochs, batchSize, learningRate, optimizer, seed, LearningRateSchedule.CONSTANT, Augmentation.NONE);
        }

        /** Checks the settings. */
        public Settings {
            if (!optimizer.equals("adam") && !optimizer.equals("sgd") || epochs < 1 || batchSize < 1
                    || !(learningRate > 0) || schedule == null || augmentation == null) {
                throw new IllegalArgumentException(tr("error.export.pytorchSettings"));
            }
        }

        /**
         * The settings of a ConvScope training run ({@code sgd} for SGD with Nesterov momentum 0.9, as ConvScope's).
         *
         * @param c the run's settings (frozen layers are not carried: the project trains every layer)
         */
        public static Settings of(TrainConfig c) {
            return new Settings(c.epochs(), c.batchSize(), c.learningRate(),
                    c.optimizer() == TrainConfig.Optimizer.ADAM ? "adam" : "sgd", c.seed(), c.schedule(), c.augmentation());
        }
    }

    private PyTorchProject() {
    }

    /**
     * Names what keeps a model from being exported, before anything is written.
     *
     * @param model the model
     * @return the reason, or empty
     */
    public static Optional<String> unsupported(ModelSpec model) {
        return PyTorchModelCode.unsupported(model);
    }

    /**
     * Writes the project folder.
     *
     * @param model the model
     * @param normalization the model's input standardisation, or null
     * @param weights the trained weights per layer in Keras' layouts (as {@link KerasH5.Contents#weights}), or null
     * @param settings the training defaults
     * @param dir the folder to create
     * @param force replace {@code dir} if it exists
     * @throws IOException if writing fails ({@code dir} is then as it was)
     * @throws FileAlreadyExistsException if {@code dir} exists and {@code force} is false
     * @throws IllegalArgumentException if {@link #unsupported} names a reason
     */
    public static void write(ModelSpec model, InputNormalization normalization, List<List<KerasH5.Tensor>> weights,
            Settings settings, Path dir, boolean force) throws IOException {
        Optional<String> why = unsupported(model);
        if (why.isPresent()) {
            throw new IllegalArgumentException(why.get());
        }
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !force) {
            throw new FileAlreadyExistsException(target.toString(), null, tr("error.export.exists"));
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp");
        try {
            fill(tmp, model, normalization, weights, settings);
            Path old = null;
            if (Files.exists(target)) {
                old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    private static void fill(Path dir, ModelSpec model, InputNormalization normalization,
            List<List<KerasH5.Tensor>> weights, Settings s) throws IOException {
        text(dir.resolve("model.py"), PyTorchModelCode.python(model, normalization));
        text(dir.resolve("train.py"), resource("train.py"));
        text(dir.resolve("requirements.txt"), resource("requirements.txt"));
        text(dir.resolve("README.md"), resource("README.md").replace("@NAME@", model.name())
                .replace("@WEIGHTS@", weights == null ? "fresh weights (seed " + s.seed() + ")"
                        : "the trained weights in weights/ (exported by ConvScope)"));
        text(dir.resolve("settings.json"), PyTorchSettingsJson.json(model, s, normalization));
        if (weights != null) {
            writeWeights(dir.resolve("weights"), model, weights);
        }
    }

    /** Writes one {@code .npy} per tensor in PyTorch's layout and {@code weights.json} naming them by state_dict key. */
    static void writeWeights(Path dir, ModelSpec model, List<List<KerasH5.Tensor>> weights) throws IOException {
        Files.createDirectories(dir);
        Map<String, PyTorchWeights.Array> arrays = PyTorchWeights.convert(model, weights);
        StringBuilder json = new StringBuilder("{\n  \"layout\": \"pytorch\",\n  \"tensors\": {");
        int i = 0;
        for (var e : arrays.entrySet()) {
            String file = e.getKey() + ".npy";
            Files.write(dir.resolve(file), npy(e.getValue().shape(), e.getValue().values()));
            json.append(i++ == 0 ? "\n" : ",\n").append("    ").append(KerasCode.string(e.getKey()))
                    .append(": {\"file\": ").append(KerasCode.string(file)).append('}');
        }
        text(dir.resolve("weights.json"), json.append("\n  }\n}\n").toString());
    }

    /** NumPy's {@code .npy} format, version 1.0: little-endian float32, C order (tests write their images with it). */
    public static byte[] npy(int[] shape, float[] values) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        String tuple = shape.length == 1 ? dims + "," : dims.toString();
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + tuple + "), }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) h.length).put(h);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static void text(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Reads a template under {@code org/convscope/io/pytorch/}. */
    static String resource(String name) {
        try (InputStream in = PyTorchProject.class.getResourceAsStream("pytorch/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the application is incomplete: pytorch/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
