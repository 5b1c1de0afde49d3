package org.convscope.imaging;

import static org.convscope.core.text.CoreText.tr;

import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;
import org.convscope.core.model.InputSpec;

/**
 * Turns any image into what a model's input expects: {@code (H, W, C)} values in [0, 1].
 *
 * <p>Steps: centre-crop to the input's aspect ratio (nothing is stretched), resize with area
 * averaging, convert to gray ({@code C = 1}) or RGB ({@code C = 3}; a gray image is repeated in all
 * three), divide by 255. Layout stays channels-last (HWC); the engine converts to its own layout.
 */
public final class ModelInput {

    private ModelInput() {
    }

    /**
     * Prepares an image for a model.
     *
     * @param image the decoded image
     * @param input the model's input shape
     * @return a {@code (height, width, channels)} volume in [0, 1]
     * @throws IllegalArgumentException if the model wants other than 1 or 3 channels
     */
    public static Volume prepare(Raster image, InputSpec input) {
        if (input.channels() != 1 && input.channels() != 3) {
            throw new IllegalArgumentException(tr("error.image.channels", input.channels()));
        }
        Raster cropped = centreCrop(image, (double) input.width() / input.height());
        Raster sized = Images.resize(cropped, input.height(), input.width(), Images.Interpolation.AREA);
        Raster matched;
        if (input.channels() == 1) {
            matched = Images.grayscale(sized);
        } else if (sized.channels() == 1) {
            byte[] rgb = new byte[sized.data().length * 3];
            for (int i = 0; i < sized.data().length; i++) {
                rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = sized.data()[i];
            }
            matched = new Raster(sized.height(), sized.width(), 3, rgb);
        } else {
            matched = sized;
        }
        return matched.toVolume(true);
    }

    /** Returns the largest centred region with aspect ratio {@code width / height = aspect}. */
    static Raster centreCrop(Raster r, double aspect) {
        int w = r.width();
        int h = r.height();
        int cw = w;
        int ch = h;
        if ((double) w / h > aspect) {
            cw = Math.max(1, (int) Math.round(h * aspect));
        } else {
            ch = Math.max(1, (int) Math.round(w / aspect));
        }
        if (cw == w && ch == h) {
            return r;
        }
        int top = (h - ch) / 2;
        int left = (w - cw) / 2;
        int c = r.channels();
        byte[] out = new byte[cw * ch * c];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(r.data(), ((top + y) * w + left) * c, out, y * cw * c, cw * c);
        }
        return new Raster(ch, cw, c, out);
    }
}
