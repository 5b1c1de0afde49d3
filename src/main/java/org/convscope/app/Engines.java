package org.convscope.app;

import java.util.function.Supplier;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.engine.dl4j.Dl4jRuntime;

/**
 * The one place that creates the engine. The front ends ({@code ui}, {@code cli}) ask here and see only the
 * {@link Engine} interface, so they never name the DL4J implementation, and a test can hand a screen a fake engine
 * instead (see {@code FakeEngine} in the tests).
 */
public final class Engines {

    /** The app's engine, created on first use (loading ND4J takes a moment; the warm-up usually did it already). */
    private static final Supplier<Engine> SHARED = new Supplier<>() {
        private volatile Engine engine;

        @Override
        public Engine get() {
            Engine e = engine;
            if (e == null) {
                synchronized (this) {
                    if (engine == null) {
                        engine = create();
                    }
                    e = engine;
                }
            }
            return e;
        }
    };

    private Engines() {
    }

    /** Returns a new engine with the default kernels ({@code -Dconvscope.kernels} may choose others). */
    public static Engine create() {
        return new Dl4jEngine();
    }

    /**
     * Returns a new engine with the kernels named, for benchmarks.
     *
     * @param kernels {@code auto}, {@code layers} or {@code native_ops}
     * @throws IllegalArgumentException naming the choices when the name is none of them
     */
    public static Engine create(String kernels) {
        return new Dl4jEngine(Dl4jEngine.Kernels.parse(kernels));
    }

    /**
     * The engine the app's screens share, created on the first {@code get()}; the supplier itself is cheap, so a screen
     * can hold it before ND4J is loaded.
     */
    public static Supplier<Engine> shared() {
        return SHARED;
    }

    /**
     * Loads the engine's native backend and checks one small computation; run it in the background after the window
     * opens.
     *
     * @return a description of the backend for the status bar, e.g. {@code ND4J CPU (2 cores)}
     * @throws IllegalStateException if the backend computes a wrong result or cannot run on this machine
     */
    public static String warmUp() {
        return Dl4jRuntime.warmUp();
    }

    /**
     * Describes which code computes a model, e.g. {@code native ops (oneDNN)}, for benchmarks.
     *
     * @param engine an engine from this class
     * @param model a model it compiled
     * @return the description, or {@code "unknown kernels"} for another engine
     */
    public static String kernelsFor(Engine engine, CompiledModel model) {
        return engine instanceof Dl4jEngine d ? d.kernelsFor(model) : "unknown kernels";
    }

    /**
     * Returns where training time went, layer by layer, for {@code bench train --profile}.
     *
     * @param engine an engine from this class
     * @param model a model it trained
     * @return a few lines of text, or a line saying there is no profile
     */
    public static String trainingProfile(Engine engine, CompiledModel model) {
        return engine instanceof Dl4jEngine d ? d.trainingProfile(model) : "no per-layer profile for this engine\n";
    }

    /**
     * Gives memory that training used back to the system (garbage collection, ND4J's freed arrays, the C heap's free
     * pages); about a second. Training already does this in the background after a long run; for measuring.
     */
    public static void releaseMemory() {
        Dl4jRuntime.releaseMemory();
    }
}
