package org.convscope.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convscope.core.image.Raster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** Decoding real and hostile files: a clear message or a sensible conversion, never a crash. */
class ImagesTest {

    private static final Path SAMPLES = Path.of("resources/samples");

    @BeforeAll
    static void load() {
        OpenCvRuntime.load();
    }

    private static byte[] encode(Mat m, String ext) {
        MatOfByte buf = new MatOfByte();
        assertTrue(Imgcodecs.imencode(ext, m, buf));
        return buf.toArray();
    }

    @Test
    void bundledSamplesDecodeWithTheirSizesAndChannels() throws Exception {
        Raster cat = Images.read(SAMPLES.resolve("chelsea.png"), Images.DEFAULT_MAX_PIXELS);
        assertEquals(300, cat.height());
        assertEquals(451, cat.width());
        assertEquals(3, cat.channels());
        Raster camera = Images.read(SAMPLES.resolve("camera.png"), Images.DEFAULT_MAX_PIXELS);
        assertEquals(1, camera.channels(), "a grayscale PNG stays one channel");
        Raster rocket = Images.read(SAMPLES.resolve("rocket.jpg"), Images.DEFAULT_MAX_PIXELS);
        assertEquals(427, rocket.height());
        Raster horse = Images.read(SAMPLES.resolve("horse.png"), Images.DEFAULT_MAX_PIXELS);
        assertEquals(3, horse.channels(), "RGBA is composited to RGB");
    }

    @Test
    void rgbOrderGrayAndResize() throws Exception {
        Mat bgr = new Mat(2, 2, CvType.CV_8UC3);
        bgr.put(0, 0, new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, 10, 20, 30}); // blue, green, red, ...
        Raster r = Images.decode(encode(bgr, ".png"), "t.png", 100);
        assertEquals(255, r.get(0, 0, 2), "pure blue: B is the third channel in RGB");
        assertEquals(0, r.get(0, 0, 0));
        assertEquals(255, r.get(1, 0, 0), "pure red");
        Raster g = Images.grayscale(r);
        assertEquals(76, g.get(1, 0, 0), "0.299 * 255 = 76.2");
        assertEquals(29, g.get(0, 0, 0), "0.114 * 255 = 29.1");
        Raster big = Images.resize(r, 4, 4, Images.Interpolation.NEAREST);
        assertEquals(255, big.get(3, 0, 0), "nearest keeps red in the bottom-left corner");
        assertEquals(112, Images.resizeLongSide(Images.read(SAMPLES.resolve("chelsea.png"), Images.DEFAULT_MAX_PIXELS),
                168, Images.Interpolation.AREA).height(), "300 * 168/451 = 111.7");
    }

    @Test
    void sixteenBitAndAlphaAreConverted() throws Exception {
        Mat deep = new Mat(1, 2, CvType.CV_16UC1);
        deep.put(0, 0, new short[] {(short) 65535, (short) 257 * 100});
        Raster r = Images.decode(encode(deep, ".png"), "deep.png", 100);
        assertEquals(255, r.get(0, 0, 0));
        assertEquals(100, r.get(0, 1, 0), "65535 -> 255: divide by 257");
        Mat bgra = new Mat(1, 2, CvType.CV_8UC4);
        bgra.put(0, 0, new byte[] {0, 0, 0, 0, 0, 0, (byte) 200, (byte) 128}); // transparent black, half red
        Raster a = Images.decode(encode(bgra, ".png"), "alpha.png", 100);
        assertEquals(255, a.get(0, 0, 0), "fully transparent becomes white");
        assertEquals(227, a.get(0, 1, 0), "(128*200 + 127*255) / 255 = 227.4 over white");
    }

    @Test
    void badFilesGiveClearMessages(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertTrue(assertThrows(ImageLoadException.class, () -> Images.read(empty, 100)).getMessage().contains("empty (0 bytes)"));
        Path text = Files.writeString(dir.resolve("notes.png"), "this is not a picture");
        assertTrue(assertThrows(ImageLoadException.class, () -> Images.read(text, 1_000_000)).getMessage()
                .contains("not an image ConvScope can read"));
        byte[] png = Files.readAllBytes(SAMPLES.resolve("coffee.png"));
        Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 3));
        // A PNG cut short is refused, not shown half decoded: the missing rows would be made-up pixels that the
        // feature maps and predictions would then treat as the picture.
        assertEquals("cut.png is not an image ConvScope can read, or it is damaged (supported: PNG, JPEG, BMP, TIFF, WebP).",
                assertThrows(ImageLoadException.class, () -> Images.read(cut, Images.DEFAULT_MAX_PIXELS)).getMessage());
        Path missing = dir.resolve("nope.png");
        assertTrue(assertThrows(ImageLoadException.class, () -> Images.read(missing, 100)).getMessage().startsWith("File not found"));
    }

    @Test
    void hugeImageIsRefusedFromItsHeaderBeforeDecoding(@TempDir Path dir) throws Exception {
        // A 54-byte BMP header claiming 20000 x 20000 pixels, 24 bits, with no pixel data at all.
        ByteBuffer b = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54 + 20000 * 60000).putInt(0).putInt(54);
        b.putInt(40).putInt(20000).putInt(20000).putShort((short) 1).putShort((short) 24).putInt(0).putInt(0)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        Path huge = Files.write(dir.resolve("huge.bmp"), b.array());
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> Images.read(huge, Images.DEFAULT_MAX_PIXELS));
        assertTrue(e.getMessage().contains("20000 x 20000 pixels (400 megapixels); the limit is 50 megapixels"), e.getMessage());
    }

    @Test
    void pngIsWrittenAndReadBack(@TempDir Path dir) throws Exception {
        Raster m = Raster.fromMatrix(new double[][] {{-10, 0}, {5, 10}}, true);
        assertEquals(0, m.get(0, 0, 0));
        assertEquals(255, m.get(1, 1, 0));
        assertEquals(128, m.get(0, 1, 0), "(0 - -10) / 20 * 255 = 127.5 -> 128");
        Path out = dir.resolve("m.png");
        Images.writePng(m, out);
        assertEquals(m, Images.read(out, 100), "PNG is lossless");
    }

    @Test
    void modelInputCropsResizesMatchesChannelsAndScales() throws Exception {
        Raster cat = Images.read(SAMPLES.resolve("chelsea.png"), Images.DEFAULT_MAX_PIXELS); // 451 x 300 RGB
        Raster square = ModelInput.centreCrop(cat, 1.0);
        assertEquals(300, square.width());
        assertEquals(300, square.height());
        assertEquals(cat.get(0, 75, 1), square.get(0, 0, 1), "(451 - 300) / 2 = 75 columns cut on the left");
        var rgb = ModelInput.prepare(cat, new org.convscope.core.model.InputSpec(32, 32, 3));
        assertEquals(32, rgb.height());
        assertEquals(3, rgb.channels());
        for (double v : rgb.values()) {
            assertTrue(v >= 0 && v <= 1);
        }
        var gray = ModelInput.prepare(Images.read(SAMPLES.resolve("camera.png"), Images.DEFAULT_MAX_PIXELS),
                new org.convscope.core.model.InputSpec(28, 28, 3));
        assertEquals(gray.get(5, 5, 0), gray.get(5, 5, 2), "a gray image fills R, G and B alike");
    }

    @Test
    void cmykJpegAndPalettePngComeOutAsRgb() throws Exception {
        Path fixtures = Path.of("src/test/resources/images");
        Raster cmyk = Images.read(fixtures.resolve("cmyk-64.jpg"), Images.DEFAULT_MAX_PIXELS);
        Raster palette = Images.read(fixtures.resolve("palette-64.png"), Images.DEFAULT_MAX_PIXELS);
        Raster original = Images.resizeLongSide(Images.read(SAMPLES.resolve("rocket.jpg"), Images.DEFAULT_MAX_PIXELS), 64,
                Images.Interpolation.AREA);
        for (Raster r : new Raster[] {cmyk, palette}) {
            assertEquals(3, r.channels());
            assertEquals(original.height(), r.height());
            assertEquals(original.width(), r.width());
            // Same picture: mean absolute difference per channel value well under 40 of 255
            long diff = 0;
            for (int i = 0; i < r.data().length; i++) {
                diff += Math.abs((r.data()[i] & 0xff) - (original.data()[i] & 0xff));
            }
            assertTrue(diff / (double) r.data().length < 40, "mean difference " + diff / (double) r.data().length);
        }
    }
}
