package org.convscope.imaging;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.convscope.core.image.Raster;
import org.convscope.io.AtomicFiles;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Decodes, converts, resizes and writes images with OpenCV, safely.
 *
 * <p>Before decoding, the pixel count is read from the file header (PNG, JPEG, BMP, GIF, TIFF through
 * {@code javax.imageio}, which reads only the header) and refused above a budget. 16-bit images are
 * scaled to 8 bits, an alpha channel is composited over white, palette and CMYK images come out as
 * RGB; the result has 1 (gray) or 3 (RGB) channels.
 */
public final class Images {

    /** Default largest image accepted: 50 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    /** Largest file read at all. */
    public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    /** Resampling when resizing; OpenCV's names. */
    public enum Interpolation {
        NEAREST(Imgproc.INTER_NEAREST), LINEAR(Imgproc.INTER_LINEAR), AREA(Imgproc.INTER_AREA), CUBIC(Imgproc.INTER_CUBIC);

        final int code;

        Interpolation(int code) {
            this.code = code;
        }
    }

    private Images() {
    }

    /**
     * Reads an image file.
     *
     * @param file the file (PNG, JPEG, BMP, TIFF, WebP, ...)
     * @param maxPixels refuse larger images
     * @return 1-channel gray or 3-channel RGB pixels
     * @throws ImageLoadException with a message for the user
     */
    public static Raster read(Path file, long maxPixels) throws ImageLoadException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new ImageLoadException(tr("error.image.empty", name));
            }
            if (size > MAX_FILE_BYTES) {
                throw new ImageLoadException(tr("error.image.fileTooLarge", name, size / (1024 * 1024),
                        MAX_FILE_BYTES / (1024 * 1024)));
            }
            long[] dims = headerSize(file);
            if (dims != null && dims[0] * dims[1] > maxPixels) {
                throw new ImageLoadException(tr("error.image.tooManyPixels", name, dims[1], dims[0],
                        String.format(Locale.ROOT, "%.0f", dims[0] * dims[1] / 1e6),
                        String.format(Locale.ROOT, "%.0f", maxPixels / 1e6)));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(tr("error.file.notFound", file), e);
        } catch (IOException e) {
            throw new ImageLoadException(tr("error.file.cannotRead", name, e.getMessage()), e);
        }
        return decode(bytes, name, maxPixels);
    }

    /**
     * Decodes image bytes.
     *
     * @param bytes the encoded image
     * @param name the name for messages
     * @param maxPixels refuse larger images
     * @return 1-channel gray or 3-channel RGB pixels
     * @throws ImageLoadException with a message for the user
     */
    public static Raster decode(byte[] bytes, String name, long maxPixels) throws ImageLoadException {
        OpenCvRuntime.load();
        Mat raw;
        MatOfByte buf = new MatOfByte(bytes);
        try {
            raw = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_UNCHANGED);
        } catch (RuntimeException e) {
            throw new ImageLoadException(tr("error.image.undecodable", name, e.getMessage()), e);
        } finally {
            buf.release();
        }
        if (raw == null || raw.empty()) {
            throw new ImageLoadException(tr("error.image.unreadable", name));
        }
        try {
            if ((long) raw.rows() * raw.cols() > maxPixels) {
                throw new ImageLoadException(tr("error.image.pixelLimit", name, raw.cols(), raw.rows(),
                        String.format(Locale.ROOT, "%.0f", maxPixels / 1e6)));
            }
            return toRaster(normalise(raw));
        } finally {
            raw.release();
        }
    }

    /** Converts any decoded Mat to 8-bit gray or RGB. */
    private static Mat normalise(Mat m) {
        Mat eight = new Mat();
        int depth = CvType.depth(m.type());
        if (depth == CvType.CV_16U) {
            m.convertTo(eight, CvType.CV_8U, 1.0 / 257);
        } else if (depth == CvType.CV_32F || depth == CvType.CV_64F) {
            m.convertTo(eight, CvType.CV_8U, 255);
        } else if (depth != CvType.CV_8U) {
            m.convertTo(eight, CvType.CV_8U);
        } else {
            m.copyTo(eight);
        }
        Mat out = new Mat();
        switch (eight.channels()) {
            case 1:
                return eight;
            case 2: { // gray + alpha: composite over white
                Mat bgra = new Mat();
                Imgproc.cvtColor(eight, bgra, Imgproc.COLOR_GRAY2BGRA);
                java.util.List<Mat> planes = new java.util.ArrayList<>();
                Core.split(eight, planes);
                Mat four = new Mat();
                java.util.List<Mat> bgraPlanes = new java.util.ArrayList<>();
                Core.split(bgra, bgraPlanes);
                bgraPlanes.set(3, planes.get(1));
                Core.merge(bgraPlanes, four);
                Mat gray = compositeOverWhite(four);
                Imgproc.cvtColor(gray, out, Imgproc.COLOR_RGB2GRAY);
                return out;
            }
            case 4:
                return compositeOverWhite(eight);
            default:
                Imgproc.cvtColor(eight, out, Imgproc.COLOR_BGR2RGB);
                return out;
        }
    }

    /** BGRA to RGB over a white background: {@code rgb = a*c + (1 - a)*255}. */
    private static Mat compositeOverWhite(Mat bgra) {
        int n = bgra.rows() * bgra.cols();
        byte[] in = new byte[n * 4];
        bgra.get(0, 0, in);
        byte[] rgb = new byte[n * 3];
        for (int i = 0; i < n; i++) {
            int a = in[i * 4 + 3] & 0xff;
            for (int k = 0; k < 3; k++) {
                int c = in[i * 4 + 2 - k] & 0xff; // BGR -> RGB
                rgb[i * 3 + k] = (byte) Math.round((a * c + (255 - a) * 255) / 255.0);
            }
        }
        Mat out = new Mat(bgra.rows(), bgra.cols(), CvType.CV_8UC3);
        out.put(0, 0, rgb);
        return out;
    }

    private static Raster toRaster(Mat m) {
        byte[] data = new byte[(int) (m.total() * m.channels())];
        Mat cont = m.isContinuous() ? m : m.clone();
        cont.get(0, 0, data);
        Raster r = new Raster(m.rows(), m.cols(), m.channels(), data);
        m.release();
        return r;
    }

    private static Mat toMat(Raster r) {
        OpenCvRuntime.load();
        Mat m = new Mat(r.height(), r.width(), r.channels() == 1 ? CvType.CV_8UC1 : CvType.CV_8UC3);
        m.put(0, 0, r.data());
        return m;
    }

    /** Returns the image in gray ({@code 0.299 R + 0.587 G + 0.114 B}, OpenCV's cvtColor). */
    public static Raster grayscale(Raster r) {
        if (r.channels() == 1) {
            return r;
        }
        Mat m = toMat(r);
        Mat g = new Mat();
        Imgproc.cvtColor(m, g, Imgproc.COLOR_RGB2GRAY);
        m.release();
        return toRaster(g);
    }

    /**
     * Resizes so that the longer side is {@code longSide}, keeping the aspect ratio.
     *
     * @param r the image
     * @param longSide target length of the longer side, at least 1
     * @param how resampling
     * @return the resized image
     */
    public static Raster resizeLongSide(Raster r, int longSide, Interpolation how) {
        double scale = (double) longSide / Math.max(r.height(), r.width());
        int h = Math.max(1, (int) Math.round(r.height() * scale));
        int w = Math.max(1, (int) Math.round(r.width() * scale));
        return resize(r, h, w, how);
    }

    /**
     * Resizes to exactly {@code height x width}.
     *
     * @param r the image
     * @param height target rows
     * @param width target columns
     * @param how resampling
     * @return the resized image
     */
    public static Raster resize(Raster r, int height, int width, Interpolation how) {
        if (r.height() == height && r.width() == width) {
            return r;
        }
        Mat m = toMat(r);
        Mat out = new Mat();
        Imgproc.resize(m, out, new Size(width, height), 0, 0, how.code);
        m.release();
        return toRaster(out);
    }

    /**
     * Writes a PNG atomically.
     *
     * @param r the image
     * @param file the target
     * @throws IOException if it cannot be written (an existing file is then unchanged)
     */
    public static void writePng(Raster r, Path file) throws IOException {
        Mat m = toMat(r);
        Mat bgr = m;
        if (r.channels() == 3) {
            bgr = new Mat();
            Imgproc.cvtColor(m, bgr, Imgproc.COLOR_RGB2BGR);
        }
        MatOfByte buf = new MatOfByte();
        if (!Imgcodecs.imencode(".png", bgr, buf)) {
            throw new IOException(tr("error.image.pngEncode"));
        }
        AtomicFiles.write(file, buf.toArray());
        buf.release();
        m.release();
        bgr.release();
    }

    /** Returns {height, width} from the file header without decoding, or null if the format has no reader here. */
    private static long[] headerSize(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new long[] {reader.getHeight(0), reader.getWidth(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null; // let the decoder decide and explain
        }
    }
}
