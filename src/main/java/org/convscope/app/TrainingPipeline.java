package org.convscope.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.Evaluation;
import org.convscope.core.train.LabelledImages;
import org.convscope.data.CifarFormatException;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.imaging.ImageFolder;

/**
 * The training pipeline both front ends run: read the data, split off validation images, fit them to the model's
 * input, take the per-channel statistics, build the network (fresh, or a copy of trained weights, with a new head
 * when the class count differs, optionally standardised inputs), and test the trained model. The Train screen and
 * {@code convscope train} call these same steps, so the same settings and seed give the same split, statistics and
 * accuracy.
 */
public final class TrainingPipeline {

    /** Every how-many-th image of each class is held out for validation. */
    public static final int HOLD_OUT_EVERY = 10;

    private TrainingPipeline() {
    }

    /**
     * What to train on.
     *
     * @param data a CIFAR-10 folder or archive, a folder of class subfolders, or null for the bundled sample
     * @param holdOut CIFAR-10: validate on every tenth training image of each class instead of the test images (an
     *        image folder always holds out, as it has no test set)
     * @param limit train on at most this many images (after the hold-out); 0 or less: all
     * @param normalise standardise the inputs with the training images' per-channel statistics
     */
    public record Request(Path data, boolean holdOut, int limit, boolean normalise) {
    }

    /**
     * The results of a trained model on test images.
     *
     * @param evaluation counts per true and predicted class
     * @param predicted each image's predicted class
     * @param confidence the predicted class's probability for each image
     */
    public record TestResults(Evaluation evaluation, int[] predicted, double[] confidence) {
    }

    /**
     * Reads and splits the data for a model's input.
     *
     * @param request what to read and how to split it
     * @param input the model's input; images of another size are fitted to it
     * @param cache where an archive is unpacked
     * @throws IOException if the data cannot be read (the message names the file)
     * @throws CifarFormatException if a CIFAR-10 batch is damaged
     */
    public static TrainingData read(Request request, InputSpec input, Path cache, CancelToken cancel, ProgressSink progress)
            throws IOException, CifarFormatException, org.convscope.imaging.ImageLoadException {
        TrainingData.Source source = TrainingData.Source.of(request.data());
        List<String> notes = new ArrayList<>();
        LabelledImages train;
        LabelledImages validation;
        LabelledImages test;
        List<String> names;
        if (source.kind() == TrainingData.Kind.IMAGE_FOLDER) {
            ImageFolder folder = ImageFolder.read(source.path(), input, cancel, progress);
            LabelledImages[] split = TrainingData.holdOutEvery(folder, HOLD_OUT_EVERY);
            train = split[0];
            validation = split[1];
            test = validation;
            names = folder.classNames();
            notes.add(String.format(Locale.ROOT, "data: %,d training and %,d validation images in %d classes (%s,"
                    + " every tenth image of each class held out)", train.size(), validation.size(), names.size(), source.path()));
        } else {
            CifarReader.Splits s = source.kind() == TrainingData.Kind.BUNDLED_SAMPLE
                    ? CifarReader.readBundledSample(cancel, progress)
                    : CifarReader.readAll(CifarReader.locate(source.path(), cache, cancel, progress), true, cancel, progress);
            names = s.train().classNames();
            test = new CifarTrainingImages(s.test());
            train = new CifarTrainingImages(s.train());
            String from = source.kind() == TrainingData.Kind.BUNDLED_SAMPLE ? "bundled sample" : source.path().toString();
            if (request.holdOut()) {
                LabelledImages[] split = TrainingData.holdOutEvery(train, HOLD_OUT_EVERY);
                train = split[0];
                validation = split[1];
                notes.add(String.format(Locale.ROOT, "data: %,d training and %,d validation images (%s, every tenth"
                        + " training image of each class held out; tested on its %,d test images)", train.size(),
                        validation.size(), from, test.size()));
            } else {
                validation = test;
                notes.add(String.format(Locale.ROOT, "data: %,d training and %,d validation images (%s)", train.size(),
                        validation.size(), from));
            }
        }
        if (request.limit() > 0 && train.size() > request.limit()) {
            train = train.head(request.limit());
            notes.add(String.format(Locale.ROOT, "training on the first %,d of them", train.size()));
        }
        if (input.height() != train.height() || input.width() != train.width() || input.channels() != train.channels()) {
            notes.add(String.format(Locale.ROOT, "images: fitted from %dx%dx%d to the model's %dx%dx%d", train.height(),
                    train.width(), train.channels(), input.height(), input.width(), input.channels()));
            boolean same = test == validation;
            train = ImageFolder.resized(train, input, names);
            validation = ImageFolder.resized(validation, input, names);
            test = same ? validation : ImageFolder.resized(test, input, names);
        }
        return new TrainingData(source, train, validation, test, names, TrainingData.statistics(train), notes);
    }

    /**
     * Returns the network a run starts from: a copy of trained weights (never the original, which stays as it is),
     * or fresh weights from the seed.
     *
     * @param trained the weights to start from, or null
     */
    public static CompiledModel startingNetwork(Engine engine, ModelSpec spec, CompiledModel trained, long seed) {
        return trained != null ? engine.copy(trained) : engine.compile(spec, seed);
    }

    /**
     * Readies a network for the data: a new last Dense layer when it has another number of units than the data has
     * classes, and the training images' statistics as its input standardisation when asked (a model that already
     * standardises keeps its own).
     *
     * @param network fresh or trained weights, changed in place where possible
     * @param data the data it will be trained on
     * @param normalise whether to standardise the inputs
     * @param seed the seed of a new head's weights
     * @param notes receives a line for each change
     * @return the network to train
     */
    public static CompiledModel prepare(Engine engine, CompiledModel network, TrainingData data, boolean normalise, long seed,
            Consumer<String> notes) {
        CompiledModel model = network;
        List<LayerSpec> layers = model.spec().layers();
        int classes = data.classNames().size();
        if (!layers.isEmpty() && layers.get(layers.size() - 1) instanceof LayerSpec.Dense d && d.units() != classes) {
            model = engine.withNewHead(model, classes, seed);
            notes.accept(String.format(Locale.ROOT, "new head: the last Dense layer (%d units) is replaced by one with %d"
                    + " units for the %d classes, with fresh weights", d.units(), classes, classes));
        }
        var shapes = org.convscope.core.analysis.ModelAnalyzer.analyze(model.spec()).layers();
        if (!shapes.isEmpty() && shapes.get(shapes.size() - 1).output().elements() == classes) {
            engine.setClassNames(model, data.classNames()); // saved with the model: its outputs are these classes
        }
        if (normalise) {
            if (model.inputNormalization().isEmpty()) {
                engine.setInputNormalization(model, data.statistics());
                notes.accept("inputs standardised: " + data.statistics());
            } else {
                notes.accept("inputs standardised as the trained model already does: " + model.inputNormalization().get());
            }
        }
        return model;
    }

    /**
     * Runs every test image through the model, in batches of 256.
     *
     * @param test the images
     * @param classNames their class names
     */
    public static TestResults test(Engine engine, CompiledModel model, LabelledImages test, List<String> classNames,
            CancelToken cancel) {
        double[][] probabilities = engine.classify(model, test, 256, cancel);
        Evaluation evaluation = new Evaluation(classNames);
        int[] predicted = new int[probabilities.length];
        double[] confidence = new double[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            predicted[i] = Evaluation.topK(probabilities[i], 1)[0];
            confidence[i] = probabilities[i][predicted[i]];
            evaluation.add(test.label(i), predicted[i]);
        }
        return new TestResults(evaluation, predicted, confidence);
    }

    /**
     * Reads only the test images of the data (the Embeddings tab and Evaluate need no training images): CIFAR-10's
     * test set, or an image folder's held-out images.
     */
    public static LabelledImages readTest(Path data, InputSpec input, Path cache, CancelToken cancel)
            throws IOException, CifarFormatException, org.convscope.imaging.ImageLoadException {
        TrainingData.Source source = TrainingData.Source.of(data);
        var none = ProgressSink.NONE;
        if (source.kind() == TrainingData.Kind.IMAGE_FOLDER) {
            return read(new Request(data, true, 0, false), input, cache, cancel, none).test();
        }
        CifarImages test = source.kind() == TrainingData.Kind.BUNDLED_SAMPLE ? CifarReader.readBundledSample(cancel, none).test()
                : CifarReader.readTest(CifarReader.locate(data, cache, cancel, none), cancel, none);
        LabelledImages images = new CifarTrainingImages(test);
        if (input.height() != images.height() || input.width() != images.width() || input.channels() != images.channels()) {
            images = ImageFolder.resized(images, input, test.classNames());
        }
        return images;
    }
}
