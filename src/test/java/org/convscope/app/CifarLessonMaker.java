package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.TrainConfig;
import org.convscope.engine.Engine;
import org.convscope.io.Presets;
import org.convscope.io.lesson.Lesson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Makes the bundled lesson "What the first layer learns on CIFAR-10" ({@code cifar-first-layer.convscope-lesson}):
 * the TensorFlow CIFAR-10 CNN trained {@value #EPOCHS} epochs on the first {@value #IMAGES} training images of
 * {@code ../shared/datasets/cifar-10} (batch {@value #BATCH}, Adam 0.001, seed {@value #SEED}, validated on the 10,000
 * test images), saved with every epoch's checkpoint so the Feature maps screen's time machine steps through them; it
 * opens on the first layer's filters at epoch 1. The file stays under 3 MB (five sets of 122,570 float32 weights).
 *
 * <p>Run only on request, it trains for a few minutes:
 * {@code mvn -o test -Dtest=CifarLessonMaker -Dconvscope.writeCifarLesson=true}. {@link BundledLessonsTest} checks
 * the file it writes.
 */
class CifarLessonMaker {

    static final String ID = "cifar-first-layer";
    static final int EPOCHS = 4;
    static final int IMAGES = 10_000;
    static final int BATCH = 32;
    static final long SEED = 42;
    private static final Path DATA = Path.of("../shared/datasets/cifar-10");

    /**
     * The lesson's settings as this source makes them (the notes name the accuracies the run reached).
     *
     * @param accuracies the validation accuracy after each epoch, or empty to leave them out
     */
    static Lesson lesson(List<Double> accuracies) {
        String reached = accuracies.isEmpty() ? "" : " (this run: validation accuracy "
                + String.join(", ", accuracies.stream().map(a -> String.format(java.util.Locale.ROOT, "%.0f%%", 100 * a))
                .toList()) + " after epochs 1 to " + accuracies.size() + "; chance is 10%)";
        String notes = String.join("\n",
                "From the seed tutorial on CIFAR-10: the TensorFlow CNN's first Conv2D layer has 32 filters of 3x3x3"
                + " (one 3x3 grid per colour: R, G, B).",
                "",
                "1. The lesson opens on those filters after epoch 1 of a short run: " + EPOCHS + " epochs on "
                + String.format(java.util.Locale.ROOT, "%,d", IMAGES) + " CIFAR-10 images" + reached + ".",
                "2. The time machine (the Weights box: after epoch 1, 2, 3, 4) steps through the run. Which filters"
                + " change most? Each row shows a filter's R, G and B grids and their colour composite.",
                "3. Look for edge detectors (a bright and a dark side) and colour blobs (one channel strong): the same"
                + " kernels the convolution lesson built by hand, now learned from the data.",
                "4. Switch to Feature maps (image: horse.png) and ask which maps light up on the horse's outline.",
                "5. After only " + EPOCHS + " short epochs the filters are still noisy; a longer run on all 50,000"
                + " images (Train screen) makes them cleaner. Export GIF shows the whole run on a slide.");
        Map<String, String> train = Map.of("train-epochs", Integer.toString(EPOCHS), "train-batch", "1",
                "train-images", "4", "train-seed", Long.toString(SEED));
        return new Lesson(Lesson.FORMAT_VERSION, LessonFiles.appVersion(), "What the first layer learns on CIFAR-10",
                notes, "featuremaps", false, false, List.of(), BundledLessonsTest.stepperOfSeed(),
                new Lesson.Maps("horse.png", 1, true, "PER_MAP", "GRAY", 0, 1),
                new Lesson.Train(train, true, java.util.stream.IntStream.rangeClosed(1, EPOCHS).boxed().toList(), null));
    }

    @Test
    @EnabledIfSystemProperty(named = "convscope.writeCifarLesson", matches = "true")
    void writeTheCifarLesson() throws Exception {
        assertTrue(Files.isDirectory(DATA.resolve("cifar-10-batches-bin")), "CIFAR-10 is in " + DATA.toAbsolutePath());
        Engine engine = Engines.create();
        ModelSpec spec = Presets.find(Presets.DEFAULT_ID).orElseThrow();
        TrainConfig config = new TrainConfig(EPOCHS, BATCH, 0.001, TrainConfig.Optimizer.ADAM, SEED, true);
        List<String> lines = new ArrayList<>();
        RunCheckpoints run = RunCheckpoints.train(engine, spec, null, new TrainingPipeline.Request(DATA, false, IMAGES,
                false), config, Files.createTempDirectory("cifar-cache"), l -> {
                    lines.add(l);
                    System.out.println(l);
                }, CancelToken.NEVER, ProgressSink.NONE);
        assertEquals(EPOCHS, run.checkpoints().size());
        List<Double> accuracies = lines.stream().filter(l -> l.contains("validation accuracy"))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toList();
        var last = run.checkpoints().get(EPOCHS - 1);
        LessonState state = new LessonState(lesson(accuracies), spec, Optional.of(last.model()), run.checkpoints(),
                Map.of());
        Path file = Path.of("src/main/resources/org/convscope/app").resolve(BundledLessons.resource(ID));
        LessonFiles.save(file, state, engine);
        System.out.println("wrote " + file + ": " + Files.size(file) + " bytes");
        assertTrue(Files.size(file) < 3_000_000, Files.size(file) + " bytes");
    }
}
