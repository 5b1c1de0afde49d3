package org.convscope.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code python3} for tests that check what ConvScope writes against Python (generated Keras code, fixtures).
 * Without python3 (or a module a test needs) such a test is skipped on a developer's machine but fails when
 * {@code CI=true}: {@code .ci/run} installs python3 and its modules, so a skip there would hide a missing check.
 */
public final class Python {

    /** The exit status and the standard output and error together. */
    public record Result(int exit, String output) {
    }

    private Python() {
    }

    /**
     * Runs python3 with arguments and standard input, waiting at most 60 s.
     *
     * @param args the arguments after {@code python3}
     * @param stdin written to its standard input (UTF-8)
     * @param pythonPath put on {@code PYTHONPATH}, or null
     * @return what it returned and printed
     * @throws Exception when it cannot be run (skipped or failed as {@link #unavailable} says) or takes too long
     */
    public static Result run(List<String> args, String stdin, Path pythonPath) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("python3");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        if (pythonPath != null) {
            pb.environment().put("PYTHONPATH", pythonPath.toString());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            unavailable("python3 is not installed: " + e.getMessage(), System.getenv());
            throw e;
        }
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * Returns a python3 that imports torch and onnx: {@code $CONVSCOPE_PYTHON}, Debian's {@code /usr/bin/python3}
     * (python3-torch, python3-onnx) or {@code python3} on the path; skips or fails (under CI) as {@link #unavailable}
     * when none does.
     */
    public static String withTorch() throws Exception {
        List<String> candidates = new ArrayList<>();
        String chosen = System.getenv("CONVSCOPE_PYTHON");
        if (chosen != null && !chosen.isBlank()) {
            candidates.add(chosen);
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String python : candidates) {
            try {
                if (exec(List.of(python, "-c", "import torch, onnx, numpy"), null, Map.of(), 120).exit() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        unavailable("no python3 imports torch, onnx and numpy (install python3-torch python3-onnx)", System.getenv());
        throw new IllegalStateException("unreachable");
    }

    /**
     * Returns a python3 that imports the given modules: {@code $CONVSCOPE_PYTHON}, Debian's {@code /usr/bin/python3} or
     * {@code python3} on the path; skips or fails (under CI) as {@link #unavailable} when none does.
     *
     * @param modules e.g. {@code "numpy", "h5py"}
     */
    public static String withModules(String... modules) throws Exception {
        List<String> candidates = new ArrayList<>();
        String chosen = System.getenv("CONVSCOPE_PYTHON");
        if (chosen != null && !chosen.isBlank()) {
            candidates.add(chosen);
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String python : candidates) {
            try {
                if (exec(List.of(python, "-c", "import " + String.join(", ", modules)), null, Map.of(), 120).exit() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        unavailable("no python3 imports " + String.join(", ", modules), System.getenv());
        throw new IllegalStateException("unreachable");
    }

    /**
     * Runs a command in a folder with extra environment variables, waiting at most {@code seconds}; past that it and
     * every process it started are killed and an {@link AssertionError} carries the output so far.
     *
     * @throws IOException if it cannot be started
     */
    public static Result exec(List<String> command, Path dir, Map<String, String> env, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // torchrun's ranks too, or they spin on
            p.destroyForcibly();
            reader.join(5000);
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s: " + out);
        }
        reader.join(5000);
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    /**
     * Skips the test (a developer's machine) or fails it (when the environment has {@code CI=true}).
     *
     * @param why what is missing
     * @param env the environment to read {@code CI} from
     */
    static void unavailable(String why, Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.getOrDefault("CI", "").strip())) {
            Assertions.fail(why + " (CI=true: .ci/run installs python3, python3-numpy, python3-h5py, python3-torch and"
                    + " python3-onnx, so this check must run)");
        }
        Assumptions.abort(why + " (skipped; with CI=true this fails)");
    }
}
