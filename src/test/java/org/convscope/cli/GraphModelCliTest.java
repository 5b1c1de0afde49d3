package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graph models on the command line: summarised with "Connected to", refused (exit 2, with the reason) where run. */
class GraphModelCliTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        return ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void theResNetPresetIsSummarisedLikeKerasFunctionalSummary() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "summary", "--preset", "resnet20"), err.toString());
        String table = out.toString();
        assertTrue(table.contains("Connected to") && table.contains("input (InputLayer)"), table);
        assertTrue(table.contains("Total params: 274,442") && table.contains("Non-trainable params: 1,376"), table);
        assertTrue(table.contains("['s2b1_bn2[0][0]',") && table.contains("'s2b1_shortcut[0][0]']"), table);
    }

    @Test
    void aGraphModelRunsButOnlyKerasJsonExportsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("resnet20.convscope.json");
        ModelJson.write(Presets.find("resnet20").orElseThrow(), file);
        assertTrue(Files.readString(file).contains("\"version\" : 2"), "a graph is saved as version 2");
        StringWriter filtersErr = new StringWriter();
        assertEquals(0, run(new StringWriter(), filtersErr, "filters", "--model", file.toString(), "-l", "1", "-o",
                dir.resolve("f.png").toString()), filtersErr.toString());
        assertTrue(Files.size(dir.resolve("f.png")) > 0);
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "export", "--preset", "resnet20", "--to", "keras"), err.toString());
        assertTrue(err.toString().contains("the code writers know chains only"), err.toString());
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "export", "--preset", "resnet20", "--to", "keras_json"));
        assertTrue(out.toString().contains("\"class_name\" : \"Functional\""), out.toString().substring(0, 200));
    }
}
