package org.convscope.core.backprop;

/** How the worked lines write a number, for front ends that show the same numbers beside them. */
public final class WorkedNumbers {

    private WorkedNumbers() {
    }

    /**
     * Formats a number as the worked lines do: whole numbers plain, others to 4 places, very small ones with 4
     * significant digits ({@code 5.29e-05}).
     */
    public static String format(double v) {
        return Mat.f(v);
    }
}
