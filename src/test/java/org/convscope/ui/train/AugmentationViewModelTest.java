package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convscope.core.image.Raster;
import org.convscope.core.train.AffineWarp;
import org.convscope.core.train.Augmentation;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

/** The preview's state with jobs run inline: settings, seed and image drive the copies; training gets the settings. */
class AugmentationViewModelTest {

    private static List<byte[]> pixels(List<Raster> rasters) {
        return rasters.stream().map(Raster::data).toList();
    }

    private static void assertSame(List<byte[]> a, List<byte[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "copy " + i);
        }
    }

    private static boolean differ(List<byte[]> a, List<byte[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void settingsSeedAndImageDriveTheCopiesAndTrainingGetsTheSettings() {
        AugmentationViewModel vm = new AugmentationViewModel(new CurrentThreadTaskExecutor());
        assertTrue(vm.variants().isEmpty(), "no image yet");
        vm.showSample(AugmentationViewModel.FIRST_SAMPLE);
        Raster image = vm.imageProperty().get();
        assertNotNull(image);
        assertEquals("CIFAR-10 sample #32 (automobile)", vm.imageNameProperty().get());
        assertEquals(AugmentationViewModel.COUNT, vm.variants().size());
        List<byte[]> cifar = pixels(vm.variants());
        // exactly what the core (and so 'convscope augment' with the same seed) makes
        assertSame(pixels(List.of(Augmentation.FLIP_AND_SHIFT_4.variants(image, AugmentationViewModel.COUNT, 1))), cifar);

        vm.settingsProperty().set(Augmentation.KERAS_TUTORIAL);
        List<byte[]> keras = pixels(vm.variants());
        assertTrue(differ(cifar, keras), "other settings, other copies");
        vm.settingsProperty().set(Augmentation.KERAS_TUTORIAL.withRotation(90));
        assertTrue(differ(keras, pixels(vm.variants())), "a wider rotation changes the copies");
        vm.settingsProperty().set(Augmentation.KERAS_TUTORIAL);
        assertSame(keras, pixels(vm.variants()));

        vm.reseed();
        assertEquals(2, vm.seedProperty().get());
        assertTrue(differ(keras, pixels(vm.variants())), "a new seed, new copies");
        vm.seedProperty().set(1);
        assertSame(keras, pixels(vm.variants()));

        vm.nextSampleImage();
        assertTrue(vm.imageNameProperty().get().startsWith("CIFAR-10 sample #33 ("), vm.imageNameProperty().get());
        assertFalse(java.util.Arrays.equals(image.data(), vm.imageProperty().get().data()));

        assertEquals(Augmentation.NONE, vm.trainingAugmentation(), "off until 'use in training'");
        vm.enabledProperty().set(true);
        Augmentation custom = new Augmentation(15, 2, 3, true, true, 0.1, 5, 0.7, 1.3, AffineWarp.Fill.REFLECT);
        vm.settingsProperty().set(custom);
        assertEquals(custom, vm.trainingAugmentation());
        assertEquals("convscope augment --index 33 --rotation 15 --width-shift 3 --height-shift 2 --shear 5 --zoom 0.1"
                + " --flip hv --brightness 0.7,1.3 --fill reflect --count 9 --seed 1 --out grid.png", vm.commandLine());
    }

    @Test
    void aLoadedImageIsShrunkAndABadOneExplained(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        AugmentationViewModel vm = new AugmentationViewModel(new CurrentThreadTaskExecutor());
        java.nio.file.Path big = dir.resolve("big.png");
        org.convscope.imaging.Images.writePng(new Raster(200, 100, 3, new byte[200 * 100 * 3]), big);
        vm.loadImage(big);
        assertEquals(96, vm.imageProperty().get().height());
        assertEquals(48, vm.imageProperty().get().width());
        assertEquals(AugmentationViewModel.COUNT, vm.variants().size());
        assertEquals(96, vm.variants().get(0).height());
        java.nio.file.Path bad = dir.resolve("bad.png");
        java.nio.file.Files.writeString(bad, "not an image");
        vm.loadImage(bad);
        assertTrue(vm.messageProperty().get().contains("bad.png"), vm.messageProperty().get());
        assertEquals(96, vm.imageProperty().get().height(), "the last good image stays");
    }
}
