package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads ND4J's native backend once, ahead of the first real use.
 *
 * <p>The first start unpacks native libraries to {@code ~/.javacpp/cache} (a few seconds); later
 * starts take under a second. The app runs this in the background while the window is already up.
 */
public final class Dl4jRuntime {

    /** JavaCPP's switch between ND4J's builds: {@code -onednn-avx2}, or empty for the plain build. */
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    private static volatile Boolean oneDnn;

    private Dl4jRuntime() {
    }

    /**
     * Chooses ND4J's native build before it is loaded: the oneDNN build (needs AVX2) where the CPU has AVX2,
     * the plain build otherwise, so that a CPU without AVX2 never loads code it cannot run. Both builds are on
     * the class path; JavaCPP prefers the oneDNN one unless told otherwise. A value the user set wins.
     * Call before anything touches ND4J; later calls do nothing.
     */
    public static synchronized void selectNativeBuild() {
        briefOpenMpSpin();
        keepFreedNativeMemory();
        if (System.getProperty(EXTENSION_PROPERTY) == null && !cpuHasAvx2()) {
            System.setProperty(EXTENSION_PROPERTY, "");
            if (Dl4jRuntime.class.getResource(PLAIN_BUILD_LIBRARY) == null) {
                unsupported = "This computer's processor lacks AVX2, which the ND4J build in this installation needs,"
                        + " so ConvScope cannot run networks here (the Build and Convolution screens and the command"
                        + " line's summary, convolve and pool still work). The portable build (mvn package) includes"
                        + " ND4J's plain build for such processors.";
            }
        }
    }

    /** OpenMP's spins before an idle thread sleeps (libgomp's {@code GOMP_SPINCOUNT}; some tens of milliseconds). */
    static final String SPIN_COUNT = "3000000";

    /**
     * Makes ND4J's idle OpenMP threads spin briefly and then sleep ({@code OMP_WAIT_POLICY=PASSIVE},
     * {@code GOMP_SPINCOUNT=}{@value #SPIN_COUNT}), set in this process's environment before ND4J's OpenMP runtime
     * is loaded (it reads both once, when loaded), unless the user set either. Spinning without end took the cores
     * from OpenBLAS's threads while the Dense layers used OpenBLAS (a 1024x64 Dense layer's backward: 0.5 ms
     * passive, 9-14 ms spinning) and would keep a core busy while the app sits idle. Sleeping at once made nearly
     * every one of a training step's ~30 native ops wait for its worker to wake (the step alternates native ops
     * with Java loops): alternating {@code bench train} runs on a 2-core AVX-512 machine, the TF CNN took 20.1-22.6
     * ms a batch passive and 16.8-18.7 with this spin (its Dense layers 0.69 + 0.58 -> 0.38 + 0.35 ms), ResNet-20
     * ran at 295-314 img/s passive and 354-377 with 30,000 spins (100,000: 336-339; 3 million: 337-343). Since every
     * heavy kernel runs on the oneDNN presets' OpenMP threads, between which the step's Java loops run, 3 million
     * spins keep the worker awake across them: the TF CNN at batch 32 ran at 2,923-3,480 img/s with 30,000 spins,
     * 3,208-3,780 with 300,000 and 3,547-3,661 with 3 million (three rounds, alternating), ResNet-20 at 401-467,
     * 435-453 and 439-462. The cost after the last op: about 45 ms of one core's time (measured over an idle second).
     * Best effort: nothing changes where the C library cannot be called (Windows, no JNA).
     */
    static void briefOpenMpSpin() {
        if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null
                || System.getProperty("os.name", "").startsWith("Windows")) {
            return;
        }
        try {
            CLibrary c = com.sun.jna.Native.loadLibrary("c", CLibrary.class);
            c.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
            c.setenv("GOMP_SPINCOUNT", SPIN_COUNT, 0);
        } catch (RuntimeException | LinkageError e) {
            // OpenMP's own defaults stay
        }
    }

    /** glibc's {@code mallopt} parameter numbers (malloc.h). */
    static final int M_TRIM_THRESHOLD = -1;
    static final int M_TOP_PAD = -2;
    static final int M_MMAP_THRESHOLD = -3;
    /** Allocations below this come from the C heap and are reused: the most glibc's own adaptive threshold reaches. */
    static final int MMAP_THRESHOLD = 32 << 20;
    /** Free memory the C heap keeps at its top before giving it back (the release after training still trims). */
    static final int TRIM_THRESHOLD = 1 << 30;
    /** Room the C heap takes beyond each growth and keeps when it shrinks. */
    static final int TOP_PAD = 128 << 20;

    /**
     * Tells glibc's malloc to keep freed native memory for the next allocation ({@code mallopt}: allocations up to
     * {@value #MMAP_THRESHOLD} bytes from the heap, not {@code mmap}; the heap trimmed only past
     * {@value #TRIM_THRESHOLD}, keeping {@value #TOP_PAD} bytes of room), unless the user set
     * {@code MALLOC_MMAP_THRESHOLD_} or {@code MALLOC_TRIM_THRESHOLD_}. ND4J's {@code conv2d_bp} allocates its oneDNN
     * buffers on every call; with glibc's defaults they went back to the system after each call and came back as
     * page faults: ResNet-20's 32x32x16 layers' backward took 28-38 ms a batch of 64, and 5.3-7.6 ms with these
     * settings (the two thresholds alone: 36-38 ms). {@link #releaseMemory} still gives the memory back after
     * training. Returns whether all three settings took; nothing happens off glibc.
     */
    static boolean keepFreedNativeMemory() {
        if (System.getenv("MALLOC_MMAP_THRESHOLD_") != null || System.getenv("MALLOC_TRIM_THRESHOLD_") != null
                || !System.getProperty("os.name", "").startsWith("Linux")) {
            return false;
        }
        try {
            CLibrary c = com.sun.jna.Native.loadLibrary("c", CLibrary.class);
            return c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 && c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                    && c.mallopt(M_TOP_PAD, TOP_PAD) == 1;
        } catch (RuntimeException | LinkageError e) {
            return false; // another C library: its own defaults stay
        }
    }

    /** The C library's {@code setenv}, through JNA (on the class path with ND4J). */
    public interface CLibrary extends com.sun.jna.Library {
        /** {@code setenv(3)}. */
        int setenv(String name, String value, int overwrite);

        /** {@code getenv(3)}: the live environment, which {@code System.getenv} (a copy from the JVM's start) is not. */
        String getenv(String name);

        /** glibc's {@code malloc_trim(3)}: returns free memory at the top of the heap and in free pages to the system. */
        int malloc_trim(long pad);

        /** glibc's {@code mallopt(3)}: sets a malloc parameter; 1 on success. */
        int mallopt(int param, int value);
    }

    /**
     * After training: destroys this thread's ND4J workspaces (DL4J's layers keep their activations there between
     * batches). Cheap; call on the thread that trained.
     */
    static void releaseWorkspaces() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }

    /**
     * Gives memory that training used back to the system: a full garbage collection (which frees the native
     * memory of unreachable ND4J arrays, through ND4J's deallocator thread, and lets G1 shrink the heap as
     * {@code MaxHeapFreeRatio} allows), a moment for the deallocator, then glibc's {@code malloc_trim} (freed native
     * arrays otherwise stay in the C heap's arenas and count as resident). Takes about a second; best effort where
     * there is no glibc.
     */
    public static void releaseMemory() {
        Nd4j.getMemoryManager().invokeGc();
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            try {
                com.sun.jna.Native.loadLibrary("c", CLibrary.class).malloc_trim(0);
            } catch (RuntimeException | LinkageError e) {
                // another C library: what it keeps, it keeps
            }
        }
    }

    /** {@link #releaseMemory} on a background thread, for after a long training run in the app. */
    static void releaseMemoryLater() {
        Thread t = new Thread(Dl4jRuntime::releaseMemory, "convscope-release-memory");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Runs {@code work} with this thread's OpenMP team limited to one thread, then restores the thread's own limit.
     * For one image through a small network: its ops take 10-100 microseconds, and waking a second thread for each
     * costs about as much as it saves (a 30x30x32 {@code conv2d} plus ReLU: 72 us on one thread, 95 us on two, on a
     * quiet 2-core machine), while on a busy one every op waits until the scheduler runs both threads (124 against
     * 317 us). OpenMP's thread limit is per calling thread, so training on other threads keeps every core.
     */
    static <T> T oneThread(java.util.function.Supplier<T> work) {
        org.nd4j.nativeblas.NativeOps ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
        int before = ops.ompGetMaxThreads();
        if (before <= 1) {
            return work.get();
        }
        ops.setOmpNumThreads(1);
        try {
            return work.get();
        } finally {
            ops.setOmpNumThreads(before);
        }
    }

    /** Returns the OpenMP thread limit of the calling thread; for tests. */
    static int openMpThreads() {
        return org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    /** ND4J's plain (non-oneDNN) native library, absent from the installers to keep them small. */
    static final String PLAIN_BUILD_LIBRARY = "/org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libjnind4jcpu.so";

    private static volatile String unsupported;

    /**
     * Throws with a plain explanation when no ND4J build can run on this CPU (an installer's oneDNN-only build on a
     * processor without AVX2), before ND4J would crash trying.
     *
     * @throws IllegalStateException with the explanation
     */
    public static void checkSupported() {
        selectNativeBuild();
        if (unsupported != null) {
            throw new IllegalStateException(unsupported);
        }
    }

    /**
     * Returns whether the CPU reports AVX2; true where it cannot be told (not Linux), as JavaCPP then decides.
     * {@code -Dconvscope.cpu.avx2=false} makes it answer no, to try the no-AVX2 path on any machine.
     */
    static boolean cpuHasAvx2() {
        if ("false".equalsIgnoreCase(System.getProperty("convscope.cpu.avx2"))) {
            return false;
        }
        java.nio.file.Path cpuinfo = java.nio.file.Path.of("/proc/cpuinfo");
        if (!java.nio.file.Files.isReadable(cpuinfo)) {
            return true;
        }
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> java.util.Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+")).contains("avx2"))
                    .orElse(true);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return true;
        }
    }

    /**
     * Returns whether the loaded ND4J build has oneDNN and uses it; the engine's fast path needs it (the plain
     * build's native convolution is slower than DL4J's own layers).
     */
    public static boolean oneDnn() {
        Boolean known = oneDnn;
        if (known == null) {
            selectNativeBuild();
            Nd4j.getBackend();
            boolean use;
            try {
                use = org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN()
                        && builtWithOneDnn();
            } catch (RuntimeException | LinkageError e) {
                use = false;
            }
            oneDnn = known = use;
        }
        return known;
    }

    private static boolean builtWithOneDnn() {
        String ext = System.getProperty(EXTENSION_PROPERTY);
        if (ext != null && !ext.contains("onednn")) {
            return false;
        }
        return org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
    }

    /**
     * Loads the backend and runs one small computation to prove it works.
     *
     * @return a description of the backend, e.g. {@code ND4J CPU (2 cores)}
     * @throws IllegalStateException if the backend computes a wrong result
     */
    public static String warmUp() {
        checkSupported();
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2});
        double trace = a.mmul(a).getDouble(0, 0) + a.mmul(a).getDouble(1, 1);
        if (trace != 29.0) { // [[1,2],[3,4]]^2 = [[7,10],[15,22]], trace 29
            throw new IllegalStateException("ND4J computed a wrong matrix product (trace " + trace + ", expected 29)");
        }
        String backend = Nd4j.getBackend().getClass().getSimpleName().replace("Backend", "").toUpperCase(java.util.Locale.ROOT);
        return tr(oneDnn() ? "engine.oneDnn" : "engine.plain", "ND4J " + backend, Runtime.getRuntime().availableProcessors());
    }
}
