package org.convscope.imaging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/**
 * Reads a GIF back with ImageIO's reader, independently of the writer: every frame's delay, disposal and
 * position, the NETSCAPE2.0 loop count, and the frames composited as a viewer shows them (transparent pixels
 * keep the previous frame's).
 */
final class GifFrames {

    final List<BufferedImage> shown = new ArrayList<>();
    final List<Integer> delaysCs = new ArrayList<>();
    final List<String> disposals = new ArrayList<>();
    /** The loop count of the NETSCAPE2.0 extension, or -1 when there is none. */
    int loops = -1;
    int width;
    int height;

    static GifFrames read(Path file) throws IOException {
        return read(file, i -> true);
    }

    /** Reads the GIF, keeping the composited picture only of the frames {@code keep} accepts (null for others). */
    static GifFrames read(Path file, java.util.function.IntPredicate keep) throws IOException {
        GifFrames f = new GifFrames();
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in, false);
            IIOMetadataNode stream = (IIOMetadataNode) reader.getStreamMetadata()
                    .getAsTree("javax_imageio_gif_stream_1.0");
            IIOMetadataNode screen = find(stream, "LogicalScreenDescriptor");
            f.width = Integer.parseInt(screen.getAttribute("logicalScreenWidth"));
            f.height = Integer.parseInt(screen.getAttribute("logicalScreenHeight"));
            int[] canvas = new int[f.width * f.height];
            int n = reader.getNumImages(true);
            for (int i = 0; i < n; i++) {
                IIOMetadataNode meta = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode gce = find(meta, "GraphicControlExtension");
                f.delaysCs.add(Integer.parseInt(gce.getAttribute("delayTime")));
                f.disposals.add(gce.getAttribute("disposalMethod"));
                IIOMetadataNode app = find(meta, "ApplicationExtension");
                if (app != null && "NETSCAPE".equals(app.getAttribute("applicationID"))) {
                    byte[] data = (byte[]) app.getUserObject();
                    f.loops = (data[1] & 0xff) | (data[2] & 0xff) << 8;
                }
                IIOMetadataNode desc = find(meta, "ImageDescriptor");
                int x0 = Integer.parseInt(desc.getAttribute("imageLeftPosition"));
                int y0 = Integer.parseInt(desc.getAttribute("imageTopPosition"));
                BufferedImage part = reader.read(i);
                java.awt.image.IndexColorModel icm = (java.awt.image.IndexColorModel) part.getColorModel();
                java.awt.image.Raster raster = part.getRaster();
                int[] row = new int[part.getWidth()];
                for (int y = 0; y < part.getHeight(); y++) {
                    raster.getSamples(0, y, part.getWidth(), 1, 0, row);
                    for (int x = 0; x < row.length; x++) {
                        if (row[x] != icm.getTransparentPixel()) {
                            canvas[(y0 + y) * f.width + x0 + x] = icm.getRGB(row[x]) & 0xffffff;
                        }
                    }
                }
                BufferedImage copy = null;
                if (keep.test(i)) {
                    copy = new BufferedImage(f.width, f.height, BufferedImage.TYPE_INT_RGB);
                    copy.setRGB(0, 0, f.width, f.height, canvas, 0, f.width);
                }
                f.shown.add(copy);
            }
        } finally {
            reader.dispose();
        }
        return f;
    }

    private static IIOMetadataNode find(Node root, String name) {
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) {
                return (IIOMetadataNode) n;
            }
            IIOMetadataNode deeper = find(n, name);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }
}
