package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Dl4jRuntime#passiveOpenMpThreads}: the C environment ND4J's OpenMP runtime reads. */
class Dl4jRuntimeOpenMpTest {

    @Test
    void openMpWaitsPassivelyUnlessTheUserChose() {
        Dl4jRuntime.passiveOpenMpThreads();
        Dl4jRuntime.CLibrary c = com.sun.jna.Native.loadLibrary("c", Dl4jRuntime.CLibrary.class);
        String user = System.getenv("OMP_WAIT_POLICY"); // the JVM's copy, taken at its start
        assertEquals(user == null ? "PASSIVE" : user, c.getenv("OMP_WAIT_POLICY"));
    }
}
