package org.convscope.ui.stepper;

/** Lets UI tests in other packages name the stepper's package-private choices. */
public final class StepperTestAccess {

    private StepperTestAccess() {
    }

    /** The RGB entry of the Channels box. */
    public static Object rgb() {
        return StepperViewModel.Channels.RGB;
    }
}
