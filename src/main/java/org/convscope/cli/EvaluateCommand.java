package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.Evaluation;
import org.convscope.data.CifarFormatException;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.engine.CompiledModel;
import org.convscope.app.Engines;
import org.convscope.engine.Engine;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import org.convscope.imaging.ModelInput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope evaluate} and {@code convscope predict}: use a saved trained model. */
final class EvaluateCommand {

    private EvaluateCommand() {
    }

    static double[] classify(Engine engine, CompiledModel model, org.convscope.core.conv.Volume image) {
        return org.convscope.app.Predictions.probabilities(engine, model, image);
    }

    /** {@code convscope evaluate}. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Accuracy and confusion matrix of a saved model on CIFAR-10 test images.")
    static final class Evaluate implements Callable<Integer> {

        @CommandLine.Mixin
        ModelOption model;

        @Option(names = "--data", paramLabel = "FOLDER",
                description = "A cifar-10-batches-bin folder (its test_batch); default: the bundled sample's 500 test images.")
        Path data;

        @Option(names = "--labels", paramLabel = "FILE", description = "The class names, one per line, class 0 first"
                + " (default: CIFAR-10's, the data's classes).")
        Path labels;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            var trained = model.loadTrained(err, "evaluate");
            if (trained.isEmpty()) {
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            try {
                Engine engine = Engines.create();
                CompiledModel m = trained.get();
                CifarImages test = data == null ? CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE).test()
                        : CifarReader.readTest(data, CancelToken.NEVER, ProgressSink.NONE);
                var in = m.spec().input();
                if (in.height() != 32 || in.width() != 32 || in.channels() != 3) {
                    err.println(Messages.errorOf("cifar.wrongInput", in.height(), in.width(), in.channels()));
                    return ConvScopeCli.EXIT_BAD_INPUT;
                }
                Evaluation e = new Evaluation(labels == null ? test.classNames()
                        : org.convscope.app.ClassNames.of(m, labels));
                long t0 = System.nanoTime();
                double[][] probabilities = engine.classify(m, new org.convscope.data.CifarTrainingImages(test), 256,
                        CancelToken.NEVER);
                for (int i = 0; i < test.size(); i++) {
                    e.add(test.label(i), Evaluation.topK(probabilities[i], 1)[0]);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                out.println(Messages.get("evaluate.accuracy", e.accuracy(), e.total(), s, e.total() / s));
                out.print(e.table());
                out.flush();
                return 0;
            } catch (IOException | CifarFormatException | IllegalArgumentException ex) {
                err.println(Messages.error(ex.getMessage()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
        }
    }

    /** {@code convscope predict}. */
    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "The three most likely classes of each image under a saved model.")
    static final class Predict implements Callable<Integer> {

        @CommandLine.Mixin
        ModelOption model;

        @Option(names = {"-i", "--image"}, paramLabel = "IMG", description = "An image (or give them after the options).")
        List<Path> imageOptions = new java.util.ArrayList<>();

        @CommandLine.Parameters(paramLabel = "IMAGE", arity = "0..*", descriptionKey = "images",
                description = "Images to classify.")
        List<Path> images = new java.util.ArrayList<>();

        @Option(names = "--labels", paramLabel = "FILE", description = "The class names, one per line, class 0 first"
                + " (default: the names the model was trained or saved with; else \"class k\").")
        Path labels;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            List<Path> all = new java.util.ArrayList<>(imageOptions);
            all.addAll(images);
            if (all.isEmpty()) {
                err.println(Messages.errorOf("predict.giveImage"));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            var trained = model.loadTrained(err, "predict");
            if (trained.isEmpty()) {
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            try {
                Engine engine = Engines.create();
                CompiledModel m = trained.get();
                for (Path image : all) {
                    double[] p = classify(engine, m, ModelInput.prepare(Images.read(image, Images.DEFAULT_MAX_PIXELS), m.spec().input()));
                    List<String> names = org.convscope.app.ClassNames.of(m, labels);
                    if (all.size() > 1) {
                        out.println(image + ":");
                    }
                    for (int k : Evaluation.topK(p, 3)) {
                        out.println(String.format(Locale.ROOT, "%s%-12s %.3f", all.size() > 1 ? "  " : "",
                                org.convscope.app.ClassNames.name(names, k), p[k]));
                    }
                }
                out.flush();
                return 0;
            } catch (ImageLoadException | IllegalArgumentException | java.io.IOException ex) {
                err.println(Messages.error(ex.getMessage()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
        }
    }
}
