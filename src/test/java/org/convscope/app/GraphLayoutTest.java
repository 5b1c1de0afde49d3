package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.convscope.app.GraphLayout.Edge;
import org.convscope.app.GraphLayout.Node;
import org.convscope.app.GraphLayout.Result;
import org.convscope.app.GraphLayout.Size;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;

/** The layered layout of the Build canvas, without JavaFX: blocks apart, data flowing one way, every edge routed. */
class GraphLayoutTest {

    /** Blocks of varied sizes (as the canvas's are: wider for Conv2D than for Add), labels of a shape's size. */
    static List<Size> nodeSizes(ModelSpec m) {
        List<Size> out = new ArrayList<>();
        out.add(new Size(180, 50));
        for (int i = 0; i < m.layers().size(); i++) {
            out.add(new Size(m.layers().get(i).join() ? 150 : 200 + 10 * (i % 3), 60 + 4 * (i % 2)));
        }
        return out;
    }

    static List<Size> labelSizes(ModelSpec m) {
        List<Size> out = new ArrayList<>();
        for (int i = 0; i <= m.layers().size(); i++) {
            out.add(new Size(140, 16));
        }
        return out;
    }

    private static Result layout(ModelSpec m, boolean vertical) {
        return GraphLayout.layout(m, nodeSizes(m), labelSizes(m), vertical);
    }

    private static void assertNoOverlaps(Result r) {
        for (Node a : r.nodes()) {
            for (Node b : r.nodes()) {
                assertFalse(a != b && a.overlaps(b), () -> "blocks " + a + " and " + b + " overlap");
            }
            assertTrue(a.x() >= 0 && a.y() >= 0 && a.x() + a.width() <= r.width() + 1e-6
                    && a.y() + a.height() <= r.height() + 1e-6, () -> a + " lies outside " + r.width() + "x" + r.height());
        }
        for (Edge e : r.edges()) {
            Node label = new Node(-1, e.label().x(), e.label().y(), 140, 16);
            for (Node a : r.nodes()) {
                assertFalse(label.overlaps(a), () -> "the label of " + e.from() + "->" + e.to() + " covers block " + a);
            }
        }
    }

    /** Every edge leaves its producer's bottom and enters its taker's top, lower down; its segments are orthogonal. */
    private static void assertFlowsDown(Result r) {
        for (Edge e : r.edges()) {
            Node from = r.nodes().get(e.from());
            Node to = r.nodes().get(e.to());
            assertTrue(from.y() + from.height() < to.y(), () -> "edge " + e.from() + "->" + e.to() + " goes up");
            List<GraphLayout.Point> p = e.points();
            assertEquals(from.y() + from.height(), p.get(0).y(), 1e-6);
            assertEquals(to.y(), p.get(p.size() - 1).y(), 1e-6);
            for (int k = 1; k < p.size(); k++) {
                GraphLayout.Point a = p.get(k - 1);
                GraphLayout.Point b = p.get(k);
                assertTrue(Math.abs(a.x() - b.x()) < 1e-6 || Math.abs(a.y() - b.y()) < 1e-6, "orthogonal segment");
            }
        }
    }

    @Test
    void aChainIsOneStraightColumn() {
        ModelSpec m = Presets.find("tf-cifar-cnn").orElseThrow();
        Result r = layout(m, true);
        assertEquals(m.layers().size() + 1, r.nodes().size());
        assertEquals(m.layers().size(), r.edges().size());
        assertNoOverlaps(r);
        assertFlowsDown(r);
        double centre = r.nodes().get(0).x() + r.nodes().get(0).width() / 2;
        for (Node node : r.nodes()) {
            assertEquals(centre, node.x() + node.width() / 2, 1e-6, "block " + node.index() + " centred");
        }
        for (Edge e : r.edges()) {
            assertEquals(2, e.points().size(), "a straight edge has no bends");
        }
    }

    @Test
    void resnet20LaysOutEveryJoinWithTheMainColumnStraight() {
        ModelSpec m = Presets.find("resnet20").orElseThrow();
        Result r = layout(m, true);
        List<int[]> pairs = GraphLayout.connections(m);
        assertEquals(pairs.size(), r.edges().size());
        long joins = m.layers().stream().filter(LayerSpec::join).count();
        assertEquals(9, joins, "ResNet-20: three stages of three residual blocks");
        int intoJoins = 0;
        for (Edge e : r.edges()) {
            intoJoins += m.layers().get(e.to() - 1).join() ? 1 : 0;
        }
        assertEquals(18, intoJoins, "both inputs of every Add are routed");
        assertEquals(m.layers().size() + 9, r.edges().size(), "one edge per layer plus one skip per block");
        assertNoOverlaps(r);
        assertFlowsDown(r);
    }

    @Test
    void leftToRightFlowsRight() {
        ModelSpec m = Presets.find("mobilenet-mini").orElseThrow();
        Result r = layout(m, false);
        assertNoOverlaps(r);
        for (Edge e : r.edges()) {
            Node from = r.nodes().get(e.from());
            Node to = r.nodes().get(e.to());
            assertTrue(from.x() + from.width() < to.x(), () -> "edge " + e.from() + "->" + e.to() + " goes left");
        }
    }

    @Test
    void sizesMustMatchTheModel() {
        ModelSpec m = Presets.find("resnet20").orElseThrow();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GraphLayout.layout(m, nodeSizes(m).subList(1, m.layers().size() + 1), labelSizes(m), true));
    }

    /** Prints the layout, for a look while developing: {@code -Dconvscope.dumpLayout=true}. */
    @Test
    void dump() {
        if (Boolean.getBoolean("convscope.dumpLayout")) {
            ModelSpec m = Presets.find("resnet20").orElseThrow();
            Result r = layout(m, true);
            r.nodes().stream().limit(16).forEach(System.out::println);
            r.edges().stream().limit(16).forEach(System.out::println);
        }
    }
}
