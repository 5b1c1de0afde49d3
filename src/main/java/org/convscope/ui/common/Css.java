package org.convscope.ui.common;

/** Style-class names and the app stylesheet, in one place so screens and CSS agree. */
public final class Css {

    /** The app stylesheet, added to every scene after the AtlantaFX theme. */
    public static final String STYLESHEET = Css.class.getResource("convscope.css").toExternalForm();
    /**
     * View &gt; High Contrast: black background, white and yellow text, a thick yellow focus ring and borders on every
     * control; added after {@link #STYLESHEET} so that it wins, in the normal and the presenter type size.
     */
    public static final String HIGH_CONTRAST = Css.class.getResource("high-contrast.css").toExternalForm();

    /** On the root: large type for a projector. */
    public static final String PRESENTER = "presenter";
    /** A screen's title line. */
    public static final String SCREEN_TITLE = "screen-title";
    /** Secondary text under a title. */
    public static final String SUBTITLE = "subtitle";
    /** The navigation column. */
    public static final String NAV = "nav";
    /** The status bar. */
    public static final String STATUS_BAR = "status-bar";
    /** An error shown inline. */
    public static final String PROBLEM = "problem";
    /** The totals line under a summary table. */
    public static final String TOTALS = "totals";
    /** Numbers in table cells, right-aligned in a monospaced font. */
    public static final String NUMBER = "number";
    /** Monospaced text, for shapes and formulas. */
    public static final String MONO = "mono";

    private Css() {
    }
}
