package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.PoolTrace;
import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.imaging.AnimatedGif;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.CurveFrames;
import org.convscope.imaging.EpochFrames;
import org.convscope.imaging.Figures;
import org.convscope.imaging.FrameSource;
import org.convscope.imaging.ModelInput;
import org.convscope.imaging.SweepFrames;
import org.convscope.imaging.TileRenderer;
import org.convscope.imaging.TrainingHistory;

/**
 * Animations for slides, the one use case {@code convscope animate} and the app's "Export as GIF" share: the frames of
 * the convolution and pooling sweeps, the training curves growing, and a layer's feature maps or filters through the
 * checkpoints of a run (the time machine: {@link TrainedWeights#checkpoints()}, one frame per epoch with
 * "epoch k of N" on it); and writing them as a looping GIF (frame time, scale 1x/2x/3x, progress, cancel, written
 * atomically) or one frame as a PNG figure.
 */
public final class Animations {

    /** More frames than this is no longer an animation for a slide. */
    public static final int MAX_FRAMES = 2500;
    /** The shortest frame time: viewers slow shorter GIF frames down. */
    public static final int MIN_FRAME_MS = AnimatedGif.MIN_FRAME_MS;
    /** The frame time when none is chosen. */
    public static final int DEFAULT_FRAME_MS = 500;
    /** Feature maps per frame: one page of the screen's 8x8 grid. */
    public static final int MAPS_PER_FRAME = 64;

    private Animations() {
    }

    /**
     * Frames ready to write, as both front ends hand them to {@link #writeGif} and {@link #writePng}: drawn only then,
     * one at a time.
     *
     * @param source the frames
     */
    public record Animation(FrameSource source) {
        /** Checks the source. */
        public Animation {
            java.util.Objects.requireNonNull(source, "source");
        }

        /** Returns the number of frames. */
        public int frameCount() {
            return source.frames();
        }
    }

    /**
     * How a GIF is drawn.
     *
     * @param frameMs the time each frame shows, at least {@link AnimatedGif#MIN_FRAME_MS}
     * @param scale 1, 2 or 3
     */
    public record Settings(int frameMs, int scale) {
        /** Checks the numbers, with messages that name the setting. */
        public Settings {
            Figures.checkScale(scale);
            if (frameMs < AnimatedGif.MIN_FRAME_MS) {
                throw new IllegalArgumentException(tr("error.gif.frameTime", AnimatedGif.MIN_FRAME_MS, frameMs));
            }
        }

        /** 500 ms at 1x. */
        public static Settings defaults() {
            return new Settings(DEFAULT_FRAME_MS, 1);
        }
    }

    /** The convolution sweep: one frame per output cell, the worked sum underneath. */
    public static Animation convolution(ConvTrace trace) {
        return new Animation(SweepFrames.of(trace));
    }

    /** The pooling sweep: one frame per output cell, the max winner circled. */
    public static Animation pooling(PoolTrace trace) {
        return new Animation(SweepFrames.of(trace));
    }

    /** The training curves growing, one frame per epoch. */
    public static Animation curves(TrainingHistory history) {
        return new Animation(new CurveFrames(history));
    }

    /**
     * Refuses an animation of more than {@link #MAX_FRAMES} frames before any is drawn.
     *
     * @param frames the number of frames it would have
     */
    public static void checkFrames(int frames) {
        if (frames > MAX_FRAMES) {
            throw new IllegalArgumentException(tr("error.gif.tooManyFrames", frames, MAX_FRAMES));
        }
    }

    /**
     * A layer's feature maps for one image through the checkpoints of a run: one frame per checkpoint, each showing
     * the first {@link #MAPS_PER_FRAME} maps of {@code page} (0-based), each map scaled as {@code norm} says.
     *
     * @param engine runs the image through each checkpoint's network
     * @param run the checkpoints, oldest first
     * @param totalEpochs the run's epoch count, for "epoch k of N"
     * @param layer the 1-based layer
     * @param image the image, fitted to the model's input here
     * @param imageName the image's name for the title
     */
    public static Animation featureMaps(Engine engine, List<TrainedWeights.Checkpoint> run, int totalEpochs, int layer,
            Raster image, String imageName, int page, TileRenderer.Normalisation norm, ColorMaps colours) {
        ModelSpec spec = modelOf(run);
        checkLayer(spec, layer);
        Volume input = ModelInput.prepare(image, spec.input());
        String title = String.format(Locale.ROOT, "%s: layer %d (%s) feature maps, %s", spec.name(), layer,
                spec.layers().get(layer - 1).type(), imageName);
        return new Animation(new EpochFrames(epochs(run), totalEpochs, title, 8, i -> {
            CompiledModel m = run.get(i).model();
            var act = forward(engine, m, input, layer);
            if (act.flat()) {
                throw new IllegalArgumentException(tr("error.gif.vectorLayer", layer, act.name()));
            }
            int channels = act.output().channels();
            if (page < 0 || page * MAPS_PER_FRAME >= channels) {
                throw new IllegalArgumentException(tr("error.gif.page", (channels + MAPS_PER_FRAME - 1) / MAPS_PER_FRAME,
                        channels, MAPS_PER_FRAME));
            }
            return TileRenderer.render(act.output(), page * MAPS_PER_FRAME, MAPS_PER_FRAME, norm, colours, 96);
        }));
    }

    /**
     * A Conv2D layer's filters through the checkpoints of a run: one frame per checkpoint, every filter's weights for
     * one input channel as a tile, each min-max scaled on its own (as {@code convscope filters} draws them).
     *
     * @param run the checkpoints, oldest first
     * @param totalEpochs the run's epoch count
     * @param layer the 1-based Conv2D layer
     * @param channel the 0-based input channel
     */
    public static Animation filters(List<TrainedWeights.Checkpoint> run, int totalEpochs, int layer, int channel,
            ColorMaps colours) {
        ModelSpec spec = modelOf(run);
        checkLayer(spec, layer);
        if (!(spec.layers().get(layer - 1) instanceof LayerSpec.Conv2D)) {
            throw new IllegalArgumentException(tr("error.gif.notConv", layer, spec.layers().get(layer - 1).type()));
        }
        Volume[] first = run.get(0).model().filters(layer);
        if (channel < 0 || channel >= first[0].channels()) {
            throw new IllegalArgumentException(tr("error.gif.channel", first[0].channels(), channel + 1));
        }
        String title = String.format(Locale.ROOT, "%s: layer %d, %d filters %dx%d, input channel %d of %d", spec.name(),
                layer, first.length, first[0].height(), first[0].width(), channel + 1, first[0].channels());
        return new Animation(new EpochFrames(epochs(run), totalEpochs, title, 16, i -> {
            Volume[] fs = run.get(i).model().filters(layer);
            return TileRenderer.render(Volume.stackChannel(fs, channel), 0, fs.length, TileRenderer.Normalisation.PER_MAP,
                    colours, 48);
        }));
    }

    /**
     * Draws every frame and writes the GIF, looping forever, atomically (an existing file stays as it was when this
     * fails or is cancelled).
     *
     * @param frames the frames
     * @param settings frame time and scale
     * @param target the file
     * @param cancel checked between frames
     * @param progress told after each frame
     * @return the file's size in bytes
     * @throws IOException if it cannot be written
     * @throws CancelToken.CancelledException when cancelled (nothing is written)
     */
    public static long writeGif(Animation animation, Settings settings, Path target, CancelToken cancel,
            ProgressSink progress) throws IOException {
        FrameSource frames = animation.source();
        int n = frames.frames();
        checkFrames(n);
        try (AnimatedGif gif = AnimatedGif.open(target, settings.frameMs(), 0)) {
            for (int i = 0; i < n; i++) {
                cancel.throwIfCancelled();
                gif.add(frames.frame(i, settings.scale()));
                progress.progress(i + 1, n, tr("progress.frame", i + 1, n));
            }
            cancel.throwIfCancelled();
            return gif.finish();
        }
    }

    /**
     * Writes one frame as a PNG figure, atomically.
     *
     * @param index the 0-based frame
     * @return the file's size in bytes
     */
    public static long writePng(Animation animation, int index, int scale, Path target) throws IOException {
        if (index < 0 || index >= animation.frameCount()) {
            throw new IllegalArgumentException(tr("error.gif.frame", animation.frameCount(), index + 1));
        }
        return Figures.writePng(animation.source(), index, scale, target);
    }

    private static ModelSpec modelOf(List<TrainedWeights.Checkpoint> run) {
        if (run.isEmpty()) {
            throw new IllegalArgumentException(tr("error.gif.noRun"));
        }
        return run.get(0).model().spec();
    }

    private static void checkLayer(ModelSpec spec, int layer) {
        if (layer < 1 || layer > spec.layers().size()) {
            throw new IllegalArgumentException(tr("error.gif.layer", spec.layers().size(), layer));
        }
    }

    private static int[] epochs(List<TrainedWeights.Checkpoint> run) {
        checkFrames(run.size());
        return run.stream().mapToInt(TrainedWeights.Checkpoint::epoch).toArray();
    }

    private static org.convscope.engine.LayerActivation forward(Engine engine, CompiledModel m, Volume input, int layer) {
        synchronized (m) { // a network is not safe for two forward passes at once
            return engine.forward(m, input).layer(layer);
        }
    }
}
