package org.convscope.imaging;

import static org.convscope.core.text.CoreText.tr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.convscope.io.AtomicFiles;

/** PNG figures for slides: one frame of a {@link FrameSource} at 1x, 2x or 3x, written atomically. */
public final class Figures {

    private Figures() {
    }

    /** Checks a scale factor: 1, 2 or 3. */
    public static int checkScale(int scale) {
        if (scale < 1 || scale > 3) {
            throw new IllegalArgumentException(tr("error.figure.scale", scale));
        }
        return scale;
    }

    /**
     * Writes one frame as PNG.
     *
     * @param source the frames
     * @param index which frame
     * @param scale 1, 2 or 3
     * @param target the file
     * @return the file's size in bytes
     * @throws IOException if it cannot be written (an existing file is then unchanged)
     */
    public static long writePng(FrameSource source, int index, int scale, Path target) throws IOException {
        BufferedImage img = source.frame(index, checkScale(scale));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException(tr("error.figure.noPngWriter"));
        }
        AtomicFiles.write(target, out.toByteArray());
        return out.size();
    }
}
