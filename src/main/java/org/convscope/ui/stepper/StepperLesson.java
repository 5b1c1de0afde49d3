package org.convscope.ui.stepper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.imaging.Images;
import org.convscope.io.lesson.Lesson;

/**
 * The Convolution &amp; Pooling screen's part of a lesson: {@link #snapshot} reads the view model's settings into a
 * {@link Lesson.Stepper}, {@link #restore} sets them again in the same order a user would (the source first, since a
 * new input starts from its first cell, then the settings, then the step).
 */
final class StepperLesson {

    private StepperLesson() {
    }

    /**
     * The settings as a lesson keeps them.
     *
     * @param imageEntry the archive entry the open image goes to ({@code images/...}), used when the source is an
     *                   image file; a seed or a sample needs none
     */
    static Lesson.Stepper snapshot(StepperViewModel vm, String imageEntry) {
        String source = vm.usingFeatureMaps() ? StepperViewModel.SEED_MATRICES.keySet().iterator().next() : vm.sourceChoice();
        boolean ownImage = source.startsWith(StepperSource.IMAGE_PREFIX);
        double[][] k = vm.kernel();
        List<List<Double>> kernel = new ArrayList<>();
        for (double[] row : k) {
            List<Double> r = new ArrayList<>();
            for (double v : row) {
                r.add(v);
            }
            kernel.add(r);
        }
        ConvSettings c = vm.convSettings();
        PoolSettings p = vm.poolSettings();
        String kernelName = vm.usingLearnedFilter() ? "custom" : vm.kernelName();
        return new Lesson.Stepper(source, ownImage ? imageEntry : null, vm.workingSize(), vm.channels().name(),
                vm.unitScale(), vm.interpolation().name(), vm.mode().name(), kernelName, kernel,
                List.of(c.strides().h(), c.strides().w()), c.padding().keras(), c.bias(), c.relu(), c.flip(),
                List.of(p.pool().h(), p.pool().w()), List.of(p.strides().h(), p.strides().w()), p.padding().keras(),
                p.mode().name(), p.lambda(), vm.cursorProperty().get(), vm.viewChannel());
    }

    /** The open image as PNG bytes for the lesson, when the source is an image file; empty otherwise. */
    static Optional<byte[]> imageBytes(StepperViewModel vm) throws IOException {
        if (vm.usingFeatureMaps() || !vm.sourceChoice().startsWith(StepperSource.IMAGE_PREFIX) || !vm.hasImage()) {
            return Optional.empty();
        }
        Path tmp = Files.createTempFile("convscope-lesson", ".png");
        try {
            Images.writePng(vm.source.image, tmp);
            return Optional.of(Files.readAllBytes(tmp));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Sets the lesson's settings.
     *
     * @param image the lesson's image written to a file of its original name, or null for a seed or sample
     * @param done runs once everything is set (after the image is decoded, which may be in the background)
     */
    static void restore(StepperViewModel vm, Lesson.Stepper s, Path image, Runnable done) {
        if (image != null) {
            vm.openImage(image);
        } else if (s.source().startsWith(StepperSource.SAMPLE_PREFIX)) {
            vm.openSample(s.source().substring(StepperSource.SAMPLE_PREFIX.length()));
        } else {
            vm.useSeedMatrix(StepperViewModel.SEED_MATRICES.containsKey(s.source()) ? s.source()
                    : StepperViewModel.SEED_MATRICES.keySet().iterator().next());
        }
        Runnable rest = () -> {
            settings(vm, s);
            done.run();
        };
        if (!vm.loadingProperty().get()) {
            rest.run();
            return;
        }
        vm.loadingProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean loading) {
                if (!loading) {
                    vm.loadingProperty().removeListener(this);
                    rest.run();
                }
            }
        });
    }

    private static void settings(StepperViewModel vm, Lesson.Stepper s) {
        vm.setMode(parse(StepperViewModel.Mode.class, s.mode(), StepperViewModel.Mode.CONVOLUTION));
        vm.setWorkingSize(s.workingSize());
        vm.setChannels(parse(StepperViewModel.Channels.class, s.channels(), StepperViewModel.Channels.GRAY));
        vm.setUnitScale(s.unitScale());
        vm.setInterpolation(parse(Images.Interpolation.class, s.interpolation(), Images.Interpolation.AREA));
        double[][] k = new double[s.kernel().size()][];
        for (int r = 0; r < k.length; r++) {
            k[r] = s.kernel().get(r).stream().mapToDouble(Double::doubleValue).toArray();
        }
        boolean preset = KernelPresets.get(s.kernelName()).map(m -> java.util.Arrays.deepEquals(m, k)).orElse(false);
        if (preset) {
            vm.useKernelPreset(s.kernelName());
        } else {
            vm.setKernel(k);
        }
        vm.setConvSettings(new ConvSettings(new Size2(s.strides().get(0), s.strides().get(1)), padding(s.padding()),
                s.bias(), s.relu(), s.flip()));
        vm.setPoolSettings(new PoolSettings(new Size2(s.pool().get(0), s.pool().get(1)),
                new Size2(s.poolStrides().get(0), s.poolStrides().get(1)), padding(s.poolPadding()),
                parse(PoolSettings.Mode.class, s.poolMode(), PoolSettings.Mode.MAX), s.poolLambda()));
        vm.setViewChannel(s.viewChannel());
        var g = vm.geometry();
        if (g != null && s.position() < vm.steps()) {
            vm.jumpTo(s.position() / g.outWidth(), s.position() % g.outWidth());
        }
    }

    static Padding padding(String p) {
        String t = p == null ? "valid" : p.strip().toLowerCase(Locale.ROOT);
        return t.equals("same") ? Padding.SAME : t.equals("valid") ? Padding.VALID : Padding.of(Integer.parseInt(t));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, E fallback) {
        try {
            return name == null ? fallback : Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
