package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Dl4jRuntime#briefOpenMpSpin}: the C environment ND4J's OpenMP runtime reads; and
 * {@link Dl4jRuntime#keepFreedNativeMemory}: glibc takes the malloc settings on Linux.
 */
class Dl4jRuntimeOpenMpTest {

    @Test
    void openMpSpinsBrieflyThenSleepsUnlessTheUserChose() {
        Dl4jRuntime.briefOpenMpSpin();
        Dl4jRuntime.CLibrary c = com.sun.jna.Native.loadLibrary("c", Dl4jRuntime.CLibrary.class);
        String policy = System.getenv("OMP_WAIT_POLICY"); // the JVM's copies, taken at its start
        String spins = System.getenv("GOMP_SPINCOUNT");
        boolean userChose = policy != null || spins != null;
        assertEquals(userChose ? policy : "PASSIVE", c.getenv("OMP_WAIT_POLICY"));
        assertEquals(userChose ? spins : Dl4jRuntime.SPIN_COUNT, c.getenv("GOMP_SPINCOUNT"));
    }

    @Test
    void glibcKeepsFreedNativeMemoryUnlessTheUserChose() {
        boolean userChose = System.getenv("MALLOC_MMAP_THRESHOLD_") != null
                || System.getenv("MALLOC_TRIM_THRESHOLD_") != null;
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        org.junit.jupiter.api.Assumptions.assumeTrue(linux, "glibc's mallopt is Linux's");
        assertEquals(!userChose, Dl4jRuntime.keepFreedNativeMemory(), "glibc took both settings");
    }
}
