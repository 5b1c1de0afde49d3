package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The chart's SVG parses as XML and each polyline's points are the series' numbers, placed on the plot by hand here. */
class ChartSvgTest {

    @TempDir
    Path dir;

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<double[]> points(Element polyline) {
        List<double[]> out = new ArrayList<>();
        for (String p : polyline.getAttribute("points").trim().split(" ")) {
            String[] xy = p.split(",");
            out.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return out;
    }

    @Test
    void lossChartPointsMatchTheData() throws Exception {
        // epochs 1..5; y from 0 (the axis starts at 0) to 2.0 (the largest loss)
        var train = new ChartSvg.Series("training", new double[] {1, 2, 3, 4, 5}, new double[] {2.0, 1.5, 1.2, 1.0, 0.9});
        var val = new ChartSvg.Series("validation <val>", new double[] {1, 2, 3, 4, 5},
                new double[] {1.8, 1.4, Double.NaN, 1.1, 1.05});
        Path file = dir.resolve("loss.svg");
        ChartSvg.write(file, "Loss & more", "epoch", "loss", List.of(train, val));
        Document d = parse(Files.readString(file));
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI());
        NodeList lines = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        assertEquals(2, lines.getLength());
        List<double[]> t = points((Element) lines.item(0));
        assertEquals(5, t.size());
        // x: 70 + (epoch - 1) / 4 * 400; y: 50 + 280 - loss / 2 * 280
        assertEquals(70, t.get(0)[0], 1e-3);
        assertEquals(50, t.get(0)[1], 1e-3);
        assertEquals(170, t.get(1)[0], 1e-3);
        assertEquals(50 + 280 - 1.5 / 2 * 280, t.get(1)[1], 1e-3);
        assertEquals(470, t.get(4)[0], 1e-3);
        assertEquals(50 + 280 - 0.9 / 2 * 280, t.get(4)[1], 1e-3);
        List<double[]> v = points((Element) lines.item(1));
        assertEquals(4, v.size(), "the missing validation value is left out");
        assertEquals(370, v.get(2)[0], 1e-3);
        assertEquals(50 + 280 - 1.1 / 2 * 280, v.get(2)[1], 1e-3);
        assertEquals("6 4", ((Element) lines.item(1)).getAttribute("stroke-dasharray"));
        assertEquals("validation <val>", lines.item(1).getTextContent());
        String text = d.getDocumentElement().getTextContent();
        assertTrue(text.contains("Loss & more") && text.contains("epoch") && text.contains("loss"), text);
        assertTrue(text.contains("0.500") && text.contains("2"), "y ticks 0, 0.500, 1, 1.50, 2: " + text);
    }

    @Test
    void aChartWithoutPointsIsRefused() {
        var empty = new ChartSvg.Series("x", new double[0], new double[0]);
        assertThrows(IllegalArgumentException.class, () -> ChartSvg.svg("t", "x", "y", List.of(empty)));
    }
}
