package org.convscope.ui.shell;

import java.util.concurrent.Callable;

/**
 * One native runtime to load in the background after the window opens.
 *
 * @param name shown while it loads, e.g. {@code ND4J}
 * @param load loads the runtime and returns a description such as {@code OpenCV 4.9.0}
 */
public record WarmUpStep(String name, Callable<String> load) {
}
