package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Dl4jRuntime#passiveOpenMpThreads}: the C environment ND4J's OpenMP runtime reads; and
 * {@link Dl4jRuntime#keepFreedNativeMemory}: glibc takes the malloc settings on Linux.
 */
class Dl4jRuntimeOpenMpTest {

    @Test
    void openMpWaitsPassivelyUnlessTheUserChose() {
        Dl4jRuntime.passiveOpenMpThreads();
        Dl4jRuntime.CLibrary c = com.sun.jna.Native.loadLibrary("c", Dl4jRuntime.CLibrary.class);
        String user = System.getenv("OMP_WAIT_POLICY"); // the JVM's copy, taken at its start
        assertEquals(user == null ? "PASSIVE" : user, c.getenv("OMP_WAIT_POLICY"));
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
