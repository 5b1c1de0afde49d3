package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.convscope.core.conv.Volume;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;

/**
 * A CPU without AVX2 must not load the oneDNN build: a child JVM forced onto the plain build (as
 * {@link Dl4jRuntime#selectNativeBuild} does there) reports no oneDNN, computes with DL4J's layers, and gets the
 * same numbers as this JVM.
 */
class NativeBuildFallbackTest {

    /** Run in the child JVM: prints the backend, the kernels and the model's last output (or the engine's refusal). */
    public static void main(String[] args) {
        try {
            Dl4jRuntime.checkSupported();
        } catch (IllegalStateException e) {
            System.out.println("unsupported=" + e.getMessage());
            return;
        }
        System.out.println("backend=" + Dl4jRuntime.warmUp());
        Dl4jEngine engine = new Dl4jEngine();
        CompiledModel m = engine.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 3);
        System.out.println("kernels=" + engine.kernelsFor(m));
        System.out.println("output=" + java.util.Arrays.toString(lastOutput(engine, m)));
    }

    static double[] lastOutput(Dl4jEngine engine, CompiledModel m) {
        double[] v = new double[32 * 32 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 97) / 96.0;
        }
        Activations a = engine.forward(m, new Volume(32, 32, 3, v));
        return a.layer(a.size()).output().values();
    }

    @Test
    void withoutAvx2ThePlainBuildAndDl4jLayersComputeTheSameNumbers() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-D" + Dl4jRuntime.EXTENSION_PROPERTY + "=", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                NativeBuildFallbackTest.class.getName()));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
        String out = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("backend=ND4J CPU ("), "no oneDNN in the backend line:\n" + out);
        assertTrue(out.contains("kernels=DL4J layers"), out);

        Dl4jEngine here = new Dl4jEngine();
        double[] expected = lastOutput(here, here.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 3));
        String line = out.lines().filter(l -> l.startsWith("output=")).findFirst().orElseThrow();
        String[] parts = line.substring("output=[".length(), line.length() - 1).split(", ");
        assertEquals(expected.length, parts.length);
        for (int i = 0; i < parts.length; i++) {
            assertEquals(expected[i], Double.parseDouble(parts[i]), 1e-4, "logit " + i);
        }
    }

    @Test
    void anInstallerWithoutThePlainBuildExplainsANoAvx2Cpu() throws IOException, InterruptedException {
        // the installers ship only the oneDNN build: on a CPU without AVX2 the engine must refuse in words
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(p -> !p.endsWith("nd4j-native-1.0.0-M2.1-linux-x86_64.jar"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        assertTrue(classPath.length() < System.getProperty("java.class.path").length(), "the plain build was on the class path");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", classPath, "-Dconvscope.cpu.avx2=false",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", NativeBuildFallbackTest.class.getName()));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("unsupported=This computer's processor lacks AVX2"), out);
        assertTrue(!out.contains("backend="), "ND4J was not loaded: " + out);
    }
}
