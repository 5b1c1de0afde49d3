package org.convscope.imaging;

import static org.convscope.core.text.CoreText.tr;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.convscope.io.AtomicFiles;

/**
 * Writes an animated GIF with the JDK's ImageIO GIF writer: the NETSCAPE2.0 loop extension on the first frame
 * (loop count 0 = forever), the same delay on every frame (in centiseconds, as GIF stores it) and disposal
 * "do not dispose". Every frame after the first is stored as the rectangle that changed, with unchanged pixels
 * transparent, on one global palette ({@link GifPalette}); so a 900-step sweep stays small. The file is written
 * atomically when {@link #finish()} is called.
 */
public final class AnimatedGif implements AutoCloseable {

    /** The shortest frame time: browsers and viewers slow frames under 2 centiseconds to 10. */
    public static final int MIN_FRAME_MS = 20;

    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private final Path target;
    private final int delayCs;
    private final int loops;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ImageOutputStream stream;
    private final ImageWriter writer;
    private byte[] previous;
    private int width;
    private int height;
    private int frames;

    private AnimatedGif(Path target, int frameMs, int loops) throws IOException {
        if (frameMs < MIN_FRAME_MS) {
            throw new IllegalArgumentException(tr("error.gif.frameTime", MIN_FRAME_MS, frameMs));
        }
        if (loops < 0 || loops > 65535) {
            throw new IllegalArgumentException(tr("error.gif.loops", loops));
        }
        this.target = target;
        this.delayCs = Math.round(frameMs / 10f);
        this.loops = loops;
        this.writer = ImageIO.getImageWritersByFormatName("gif").next();
        this.stream = ImageIO.createImageOutputStream(bytes);
        writer.setOutput(stream);
        writer.prepareWriteSequence(null);
    }

    /**
     * Starts a GIF.
     *
     * @param target the file written by {@link #finish()}
     * @param frameMs the time each frame shows, at least {@link #MIN_FRAME_MS}; stored rounded to centiseconds
     * @param loops 0 to loop forever, else how many times to play
     * @return the writer
     * @throws IOException if ImageIO cannot start
     */
    public static AnimatedGif open(Path target, int frameMs, int loops) throws IOException {
        return new AnimatedGif(target, frameMs, loops);
    }

    /**
     * Appends a frame; every frame must have the first one's size.
     *
     * @param frame an RGB image (alpha is ignored)
     * @throws IOException if ImageIO fails
     */
    public void add(BufferedImage frame) throws IOException {
        int w = frame.getWidth();
        int h = frame.getHeight();
        if (frames == 0) {
            width = w;
            height = h;
        } else if (w != width || h != height) {
            throw new IllegalArgumentException("frame " + (frames + 1) + " is " + w + "x" + h + ", the first was "
                    + width + "x" + height);
        }
        int[] argb = frame.getRGB(0, 0, w, h, null, 0, w);
        byte[] idx = new byte[w * h];
        for (int p = 0; p < idx.length; p++) {
            idx[p] = (byte) GifPalette.index(argb[p]);
        }
        int[] box = previous == null ? new int[] {0, 0, w, h} : changed(idx);
        BufferedImage part = new BufferedImage(box[2], box[3], BufferedImage.TYPE_BYTE_INDEXED, GifPalette.MODEL);
        WritableRaster raster = part.getRaster();
        byte[] dst = ((DataBufferByte) raster.getDataBuffer()).getData();
        for (int y = 0; y < box[3]; y++) {
            for (int x = 0; x < box[2]; x++) {
                int p = (box[1] + y) * w + box[0] + x;
                dst[y * box[2] + x] = previous != null && previous[p] == idx[p] ? (byte) GifPalette.TRANSPARENT : idx[p];
            }
        }
        writer.writeToSequence(new IIOImage(part, null, metadata(part, box)), null);
        previous = idx;
        frames++;
    }

    /** Returns {left, top, width, height} of the pixels that differ from the previous frame (1x1 if none). */
    private int[] changed(byte[] idx) {
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (idx[y * width + x] != previous[y * width + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new int[] {0, 0, 1, 1} : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    private IIOMetadata metadata(BufferedImage part, int[] box) throws IOException {
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(part), null);
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        // the writer fills the colour table from the image's own model; the table read back from the default
        // metadata's tree comes out shifted by one entry, so it is left out
        root.removeChild(child(root, "LocalColorTable"));
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "doNotDispose");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "TRUE");
        gce.setAttribute("transparentColorIndex", Integer.toString(GifPalette.TRANSPARENT));
        gce.setAttribute("delayTime", Integer.toString(delayCs));
        IIOMetadataNode desc = child(root, "ImageDescriptor");
        desc.setAttribute("imageLeftPosition", Integer.toString(box[0]));
        desc.setAttribute("imageTopPosition", Integer.toString(box[1]));
        desc.setAttribute("imageWidth", Integer.toString(box[2]));
        desc.setAttribute("imageHeight", Integer.toString(box[3]));
        desc.setAttribute("interlaceFlag", "FALSE");
        if (frames == 0) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, (byte) (loops & 0xff), (byte) (loops >> 8 & 0xff)});
            child(root, "ApplicationExtensions").appendChild(app);
        }
        meta.setFromTree(FORMAT, root);
        return meta;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equals(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    /** Returns the number of frames added so far. */
    public int frames() {
        return frames;
    }

    /**
     * Ends the GIF and writes it atomically.
     *
     * @return the file's size in bytes
     * @throws IOException if there are no frames or it cannot be written (an existing file is then unchanged)
     */
    public long finish() throws IOException {
        if (frames == 0) {
            throw new IOException(tr("error.gif.noFrames"));
        }
        writer.endWriteSequence();
        stream.flush();
        byte[] gif = bytes.toByteArray();
        AtomicFiles.write(target, gif);
        return gif.length;
    }

    /**
     * Draws every frame of a source and writes the GIF, looping forever.
     *
     * @param source the frames
     * @param scale 1, 2 or 3
     * @param frameMs the time each frame shows
     * @param target the file
     * @return the file's size in bytes
     * @throws IOException if it cannot be written
     */
    public static long write(FrameSource source, int scale, int frameMs, Path target) throws IOException {
        try (AnimatedGif gif = open(target, frameMs, 0)) {
            for (int i = 0; i < source.frames(); i++) {
                gif.add(source.frame(i, scale));
            }
            return gif.finish();
        }
    }

    @Override
    public void close() throws IOException {
        writer.dispose();
        stream.close();
    }
}
