package org.convscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.data.CifarFormatException;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.embed.Embedder;
import org.convscope.embed.Tsne;
import org.convscope.engine.CompiledModel;
import org.convscope.app.Engines;
import org.convscope.engine.Engine;
import org.convscope.imaging.ScatterPlot;
import org.convscope.imaging.Images;
import org.convscope.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope embed}: a PCA or t-SNE plot of a trained model's last hidden layer on CIFAR-10 test images. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Plot CIFAR-10 test images by what a saved model's last hidden layer (the input of its last Dense"
                + " layer) makes of them, projected to 2-D with PCA or t-SNE and coloured by true class.",
            "Prints how often an image's nearest neighbour is of its own class, in the layer and on the plot."})
final class EmbedCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ModelOption model;

    @Option(names = "--data", paramLabel = "FOLDER",
            description = "A cifar-10-batches-bin folder (its test_batch); default: the bundled sample's 500 test images.")
    Path data;

    @Option(names = "--count", defaultValue = "500", description = "Images, from the first: 2 to 2000 (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--method", required = true, paramLabel = "pca|tsne", description = "The projection: pca or tsne.")
    String method;

    @Option(names = "--perplexity", defaultValue = "30", description = "t-SNE's neighbourhood size, 2-100 (default: ${DEFAULT-VALUE}).")
    double perplexity;

    @Option(names = "--iterations", defaultValue = "1000", description = "t-SNE's steps, 250-10000 (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--seed", defaultValue = "42", description = "t-SNE's random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "PNG", description = "Where to write the plot.")
    Path out;

    @Option(names = "--csv", paramLabel = "CSV", description = "Also write the points: index,x,y,true,predicted.")
    Path csv;

    @Option(names = "--labels", paramLabel = "FILE", description = "The class names, one per line, class 0 first"
            + " (default: CIFAR-10's, the data's classes).")
    Path labels;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            Embedder.Method how = Embedder.Method.parse(method);
            Tsne.Settings tsne = new Tsne.Settings(perplexity, iterations, seed);
            Embedder.Request request = new Embedder.Request(how, count, tsne);
            var trained = model.loadTrained(err, "embed");
            if (trained.isEmpty()) {
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            Engine engine = Engines.create();
            CompiledModel m = trained.get();
            var in = m.spec().input();
            if (in.height() != CifarImages.SIDE || in.width() != CifarImages.SIDE || in.channels() != CifarImages.CHANNELS) {
                err.println(Messages.errorOf("cifar.wrongInput", in.height(), in.width(), in.channels()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            CifarImages test = data == null ? CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE).test()
                    : CifarReader.readTest(data, CancelToken.NEVER, ProgressSink.NONE);
            if (count > test.size()) {
                err.println(Messages.get("note", Messages.get("embed.allImages", test.size())));
            }
            List<String> names = labels == null ? test.classNames() : org.convscope.app.ClassNames.of(m, labels);
            Embedder.Embedding e = Embedder.compute(engine, m, new CifarTrainingImages(test), request,
                    CancelToken.NEVER, ProgressSink.NONE);
            String title = Messages.get("embed.title", how.label(), e.size(),
                    how == Embedder.Method.TSNE ? Messages.get("embed.titleTsne", perplexity, seed) : "");
            Images.writePng(ScatterPlot.render(e.points(), e.labels(), names, title, 720), out);
            if (csv != null) {
                AtomicFiles.write(csv, csv(e, names).getBytes(StandardCharsets.UTF_8));
            }
            stdout.println(e.summary());
            stdout.println(csv != null ? Messages.get("embed.wroteBoth", out, csv) : Messages.get("embed.wrote", out));
            stdout.flush();
            return 0;
        } catch (IOException | CifarFormatException | IllegalArgumentException ex) {
            err.println(Messages.error(ex.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
    }

    /** The points as CSV: {@code index,x,y,true,predicted} with class names, one line per image. */
    static String csv(Embedder.Embedding e, List<String> names) {
        StringBuilder sb = new StringBuilder("index,x,y,true,predicted\n");
        for (int i = 0; i < e.size(); i++) {
            sb.append(i).append(',').append(org.convscope.core.conv.Num.exact(e.points()[i][0])).append(',')
                    .append(org.convscope.core.conv.Num.exact(e.points()[i][1])).append(',')
                    .append(names.get(e.labels()[i])).append(',').append(names.get(e.predicted()[i])).append('\n');
        }
        return sb.toString();
    }
}
