package org.convscope.ui.stepper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stepper's state and commands, without the toolkit (images decode inline). */
class StepperViewModelTest {

    private final StepperViewModel vm = new StepperViewModel(new CurrentThreadTaskExecutor());

    @Test
    void startsOnTheSeedExampleAtItsFirstCell() {
        assertEquals(9, vm.steps());
        assertEquals(6, vm.convStep().output());
        assertFalse(vm.canBackProperty().get());
        vm.stepForward();
        vm.stepForward();
        assertEquals(-8, vm.convStep().output()); // 3 + 3 + 2 - (8 + 4 + 4)
        vm.runToEnd();
        assertFalse(vm.canForwardProperty().get());
        assertEquals(8, vm.cursorProperty().get());
        vm.jumpTo(1, 0);
        assertEquals(3, vm.cursorProperty().get());
        assertEquals("Output rows: floor((5 - 3)/1) + 1 = 3    columns: floor((5 - 3)/1) + 1 = 3", vm.formula());
    }

    @Test
    void paddingAndSharpenGive114AndClickedInputShowsItsUsers() {
        vm.useSeedMatrix("Seed: 5x5 pixels (padded sharpen gives 114)");
        vm.useKernelPreset("sharpen");
        vm.setConvSettings(vm.convSettings().withPadding(Padding.of(1)));
        assertEquals(25, vm.steps());
        assertEquals(114, vm.convStep().output());
        vm.showUsersOf(0, 0); // the corner pixel feeds outputs (0,0), (0,1), (1,0), (1,1)
        assertEquals(Set.of(0, 1, 5, 6), vm.usedBy());
    }

    @Test
    void impossibleSettingsGiveAnErrorNotAnException() {
        vm.setKernel(new double[7][7]);
        assertTrue(vm.errorProperty().get().contains("floor((5 - 7)/1) + 1 = -1"), vm.errorProperty().get());
        assertEquals(0, vm.steps());
        vm.useKernelPreset("identity");
        assertEquals("", vm.errorProperty().get());
        vm.setKernel(new double[12][12]);
        assertEquals("Kernels from 1x1 to 11x11 are supported.", vm.errorProperty().get());
    }

    @Test
    void poolingMarksTheMax() {
        vm.setMode(StepperViewModel.Mode.POOLING);
        vm.setPoolSettings(new PoolSettings(Size2.square(2), Size2.square(1), Padding.VALID, PoolSettings.Mode.MAX, 1));
        assertEquals(16, vm.steps()); // 5x5 -> 4x4
        vm.jumpTo(0, 3);
        assertEquals(8, vm.poolStep().output()); // max(3, 8, 8, 4)
        assertEquals(0, vm.poolStep().maxRow());
        assertEquals(1, vm.poolStep().maxCol());
    }

    @Test
    void imagesLoadResizeAndSplitChannels(@TempDir Path dir) throws Exception {
        vm.openSample("chelsea.png");
        assertTrue(vm.hasImage());
        assertEquals(16, vm.input().width(), "451 wide -> longer side 16");
        assertEquals(11, vm.input().height(), "300 * 16/451 = 10.6");
        assertEquals(1, vm.input().channels());
        vm.setChannels(StepperViewModel.Channels.RGB);
        assertEquals(3, vm.input().channels());
        // One kernel per channel: 3 partial sums
        assertEquals(3, vm.convStep().channelSums().length);
        vm.setWorkingSize(32);
        assertEquals(32, vm.input().width());
        var areaResized = vm.input();
        vm.setInterpolation(org.convscope.imaging.Images.Interpolation.NEAREST);
        assertEquals(32, vm.input().width());
        org.junit.jupiter.api.Assertions.assertNotEquals(areaResized, vm.input(), "nearest samples pixels, area averages them");
        vm.setInterpolation(org.convscope.imaging.Images.Interpolation.AREA);
        double pixel = vm.input().get(0, 0, 0);
        vm.setUnitScale(true);
        assertEquals(pixel / 255, vm.input().get(0, 0, 0), 1e-12);

        Path broken = Files.writeString(dir.resolve("broken.png"), "not an image");
        vm.openImage(broken);
        assertTrue(vm.errorProperty().get().contains("not an image ConvScope can read"), vm.errorProperty().get());
        assertEquals(32, vm.input().width(), "a failed open keeps the previous image");
    }

    @Test
    void learnedFilterHasOneMatrixPerInputChannel() {
        // A (2, 2, 3) filter: weight 1 on R, 0 on G, -1 on B at every position.
        double[] w = new double[12];
        for (int i = 0; i < 4; i++) {
            w[i * 3] = 1;
            w[i * 3 + 2] = -1;
        }
        org.convscope.core.conv.Volume filter = new org.convscope.core.conv.Volume(2, 2, 3, w);
        vm.useLearnedFilter(filter, "conv2d filter 1");
        assertTrue(vm.errorProperty().get().contains("choose RGB"), vm.errorProperty().get());
        vm.openSample("chelsea.png");
        vm.setChannels(StepperViewModel.Channels.RGB);
        assertEquals("", vm.errorProperty().get());
        var step = vm.convStep();
        var in = vm.input();
        double r = in.get(0, 0, 0) + in.get(0, 1, 0) + in.get(1, 0, 0) + in.get(1, 1, 0);
        double b = in.get(0, 0, 2) + in.get(0, 1, 2) + in.get(1, 0, 2) + in.get(1, 1, 2);
        assertEquals(r, step.channelSums()[0], 1e-9);
        assertEquals(0, step.channelSums()[1], 1e-9);
        assertEquals(-b, step.channelSums()[2], 1e-9);
        assertEquals(r - b, step.output(), 1e-9);
        vm.useKernelPreset("identity");
        assertFalse(vm.usingLearnedFilter());
    }

    @Test
    void theSelectorNamesWhatIsLoadedAndANewInputStartsAtTheFirstCell(@TempDir Path dir) throws Exception {
        assertEquals("Seed: 5x5 example (vertical edge gives 6)", vm.sourceChoice());
        assertEquals(StepperViewModel.SEED_MATRICES.size() + StepperViewModel.sampleNames().size(), vm.sourceChoices().size());
        vm.runToEnd();
        assertEquals(8, vm.cursorProperty().get());

        vm.chooseSource("Sample: camera.png"); // a gray photo
        assertEquals("Sample: camera.png", vm.sourceChoice());
        assertEquals(0, vm.cursorProperty().get(), "a new input starts at its first cell");
        assertEquals(StepperViewModel.Channels.GRAY, vm.channels());
        vm.setChannels(StepperViewModel.Channels.RGB);
        assertEquals(1, vm.input().channels(), "a gray image has one channel whatever is chosen");
        vm.stepForward();

        // an image file of the user's: 3 x 2 pixels, red and blue
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff0000);
        img.setRGB(2, 1, 0x0000ff);
        Path file = dir.resolve("tiny.png");
        javax.imageio.ImageIO.write(img, "png", file.toFile());
        vm.openImage(file);
        assertEquals("Image: tiny.png", vm.sourceChoice());
        assertEquals("Image: tiny.png", vm.sourceChoices().get(0), "listed first, so the selector can show it");
        assertEquals(0, vm.cursorProperty().get());
        assertEquals("tiny.png: 3 x 2 RGB -> working size 16 x 11 x 3", vm.statusProperty().get());
        vm.chooseSource("Image: tiny.png"); // choosing what is loaded changes nothing
        assertEquals("Image: tiny.png", vm.sourceChoice());

        vm.stepForward();
        // a deeper layer's input: 4 x 4 x 2 maps
        org.convscope.core.conv.Volume maps = new org.convscope.core.conv.Volume(4, 4, 2, new double[32]);
        vm.useFeatureMaps(maps, "Input of layer 3 filter 5: the 2 maps of layer 2 for tiny.png");
        assertTrue(vm.usingFeatureMaps());
        assertEquals("Input of layer 3 filter 5: the 2 maps of layer 2 for tiny.png", vm.sourceChoice());
        assertEquals("Input of layer 3 filter 5: the 2 maps of layer 2 for tiny.png", vm.sourceChoices().get(0));
        assertFalse(vm.sourceChoices().contains("Image: tiny.png"), "only what is loaded now is listed beyond the seeds and samples");
        assertEquals(0, vm.cursorProperty().get());
        assertEquals(2, vm.input().channels());

        vm.stepForward();
        vm.chooseSource("Seed: 5x5 binary image");
        assertFalse(vm.usingFeatureMaps());
        assertEquals(0, vm.cursorProperty().get());
        assertEquals(StepperViewModel.SEED_MATRICES.size() + StepperViewModel.sampleNames().size(), vm.sourceChoices().size());
    }

    @Test
    void typedKernelCellsRecomputeTheStep() {
        assertTrue(vm.setKernelCell(0, 0, "10"));
        assertEquals(6 + 9 * 7, vm.convStep().output(), "7*1 becomes 7*10");
        assertEquals("custom", vm.kernelName());
        assertFalse(vm.setKernelCell(0, 0, "ten"));
        assertEquals(69, vm.convStep().output());
        vm.resizeKernel(2); // [[10, 0], [1, 0]] over [[7, 2], [4, 5]]
        assertEquals(74, vm.convStep().output());
        assertEquals(16, vm.steps());
    }

    @Test
    void aModelFilterGetsAnInputItsChannelsFit() {
        org.convscope.core.conv.Volume rgbFilter = new org.convscope.core.conv.Volume(1, 1, 3, new double[] {1, 0, -1});
        vm.fitInputTo(rgbFilter); // on the 1-channel seed: the cat sample in RGB
        vm.useLearnedFilter(rgbFilter, "conv2d filter 1");
        assertEquals("Sample: chelsea.png", vm.sourceChoice());
        assertEquals(StepperViewModel.Channels.RGB, vm.channels());
        assertEquals("", vm.errorProperty().get());
        var in = vm.input();
        assertEquals(in.get(0, 0, 0) - in.get(0, 0, 2), vm.convStep().output(), 1e-9, "R - B at the first pixel");

        org.convscope.core.conv.Volume grayFilter = new org.convscope.core.conv.Volume(1, 1, 1, new double[] {2});
        vm.fitInputTo(grayFilter);
        assertEquals(StepperViewModel.Channels.GRAY, vm.channels());
        assertEquals("Sample: chelsea.png", vm.sourceChoice(), "the open image stays, in gray");
        org.convscope.core.conv.Volume deep = new org.convscope.core.conv.Volume(1, 1, 8, new double[8]);
        vm.fitInputTo(deep); // only the layer's own input fits 8 channels: nothing changes
        assertEquals(1, vm.input().channels());
    }
}
