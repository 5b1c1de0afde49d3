package org.convscope.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary of a graph model has Keras' InputLayer row and "Connected to" column. */
class GraphSummaryTest {

    @Test
    void aResidualBlockPrintsWhatEachLayerIsConnectedTo() {
        ModelAnalysis a = ModelAnalyzer.analyze(NewLayersTest.residualBlock());
        String text = SummaryTable.render(a, false);
        List<String> lines = text.lines().toList();
        assertEquals(" Layer (type)                  Output Shape              Param #   Connected to", lines.get(2));
        assertEquals(" input (InputLayer)            [(None, 32, 32, 3)]       0         []", lines.get(4));
        assertEquals(" c1 (Conv2D)                   (None, 32, 32, 16)        448       ['input[0][0]']", lines.get(6));
        int add = lines.indexOf(" add (Add)                     (None, 32, 32, 16)        0         ['bn2[0][0]',");
        assertEquals("                                                                   'r1[0][0]']", lines.get(add + 1));
        assertEquals("", lines.get(add + 2));
        assertEquals(List.of("['add[0][0]']"), SummaryTable.connectedTo(a).get(6));
        assertEquals("Total params: 3,066", lines.get(lines.size() - 4));
        assertEquals("Non-trainable params: 64", lines.get(lines.size() - 2));
    }

    @Test
    void aChainKeepsTheSequentialTable() {
        ModelAnalysis a = ModelAnalyzer.analyze(NewLayersTest.residualBlock().withInputs(java.util.Map.of()));
        assertFalse(SummaryTable.render(a, false).contains("Connected to"));
    }
}
