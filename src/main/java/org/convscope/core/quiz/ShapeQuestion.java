package org.convscope.core.quiz;

import org.convscope.core.text.CoreText;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convscope.core.analysis.AxisResult;
import org.convscope.core.analysis.ShapeMath;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * "What shape is the output?" for a convolution or pooling of an {@code H x W x C} input.
 *
 * <p>Rows and columns follow {@code floor((n + 2p - k)/s) + 1} (valid padding is {@code p = 0}; same
 * padding gives {@code ceil(n/s)}), computed by {@link ShapeMath}. Channels: a convolution gives one map
 * per filter; pooling keeps the input's channels. Answers are read as three whole numbers in any
 * common spelling: {@code 3 x 3 x 1}, {@code 3x3x1}, {@code (3, 3, 1)}, {@code 3 3 1}.
 *
 * @param prompt the question, with the input shape and the window
 * @param rows expected output rows
 * @param cols expected output columns
 * @param channels expected output channels
 * @param working the formula for each axis with the numbers filled in, one line each
 */
public record ShapeQuestion(String prompt, long rows, long cols, int channels, String working) {

    /** The general formula, shown above the numbers on reveal. */
    public static final String FORMULA = "out = floor((n + 2p - k)/s) + 1";

    private static final Pattern NUMBER = Pattern.compile("-?\\d+");

    /**
     * The question for a convolution.
     *
     * @param height input rows
     * @param width input columns
     * @param inChannels input channels
     * @param kernel kernel size (rows, columns)
     * @param settings strides and padding
     * @param filters how many filters (output maps)
     * @return the question
     */
    public static ShapeQuestion convolution(int height, int width, int inChannels, Size2 kernel, ConvSettings settings,
            int filters) {
        String what = CoreText.tr("quiz.shape.conv", height + " x " + width + " x " + inChannels, filters,
                kernel.h() + "x" + kernel.w() + "x" + inChannels) + describe(settings.strides(), settings.padding());
        String channelLine = CoreText.tr("quiz.shape.convChannels", filters);
        return of(what, height, width, kernel, settings.strides(), settings.padding(), filters, channelLine);
    }

    /**
     * The question for a pooling (every channel is pooled on its own).
     *
     * @param height input rows
     * @param width input columns
     * @param inChannels input channels
     * @param settings window, strides and padding
     * @return the question
     */
    public static ShapeQuestion pooling(int height, int width, int inChannels, PoolSettings settings) {
        String what = CoreText.tr("quiz.shape.pool." + settings.mode().name().toLowerCase(java.util.Locale.ROOT),
                height + " x " + width + " x " + inChannels, settings.pool().h() + "x" + settings.pool().w())
                + describe(settings.strides(), settings.padding());
        String channelLine = CoreText.tr("quiz.shape.poolChannels", inChannels);
        return of(what, height, width, settings.pool(), settings.strides(), settings.padding(), inChannels, channelLine);
    }

    private static ShapeQuestion of(String what, int height, int width, Size2 window, Size2 strides, Padding padding,
            int channels, String channelLine) {
        AxisResult r = ShapeMath.outputLength(height, window.h(), strides.h(), padding);
        AxisResult c = ShapeMath.outputLength(width, window.w(), strides.w(), padding);
        String working = (padding instanceof Padding.Same ? CoreText.tr("quiz.shape.same") : FORMULA) + "\n"
                + CoreText.tr("quiz.shape.rows", axis(r, height, window.h(), strides.h(), padding)) + "\n"
                + CoreText.tr("quiz.shape.columns", axis(c, width, window.w(), strides.w(), padding)) + "\n"
                + channelLine;
        return new ShapeQuestion(CoreText.tr("quiz.shape.prompt", what), r.length(),
                c.length(), channels, working);
    }

    /** The formula with p written out, also for valid padding (p = 0), so that it matches {@link #FORMULA}. */
    private static String axis(AxisResult a, int n, int k, int s, Padding padding) {
        if (padding instanceof Padding.Valid) {
            return "floor((" + n + " + 2*0 - " + k + ")/" + s + ") + 1 = " + a.length();
        }
        return a.formula();
    }

    private static String describe(Size2 strides, Padding padding) {
        String stride = strides.h() == strides.w() ? Integer.toString(strides.h()) : strides.h() + "x" + strides.w();
        String pad = padding instanceof Padding.Explicit e ? CoreText.tr("quiz.shape.zeros", e.amount())
                : CoreText.tr("quiz.shape.padding", padding.keras());
        return CoreText.tr("quiz.shape.stridePadding", stride, pad);
    }

    /** Returns the expected shape as text, e.g. {@code 3 x 3 x 1}. */
    public String expected() {
        return rows + " x " + cols + " x " + channels;
    }

    /**
     * Checks a typed shape.
     *
     * @param typed e.g. {@code 3 x 3 x 1}
     * @return right or wrong with the formulas, or unreadable unless exactly three numbers were typed
     */
    public Verdict check(String typed) {
        String t = typed == null ? "" : typed.strip();
        List<Long> numbers = new ArrayList<>();
        Matcher m = NUMBER.matcher(t);
        while (m.find()) {
            numbers.add(Long.parseLong(m.group()));
        }
        String rest = NUMBER.matcher(t).replaceAll("").replaceAll("[\\sxX\u00d7*,;()\\[\\]]", "");
        if (numbers.size() != 3 || !rest.isEmpty()) {
            return Verdict.unreadable(t, CoreText.tr("quiz.shape.three"));
        }
        boolean right = numbers.get(0) == rows && numbers.get(1) == cols && numbers.get(2) == channels;
        return new Verdict(right ? Verdict.Kind.RIGHT : Verdict.Kind.WRONG,
                numbers.get(0) + " x " + numbers.get(1) + " x " + numbers.get(2), expected(), working);
    }
}
