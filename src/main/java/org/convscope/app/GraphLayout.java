package org.convscope.app;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Where the Build canvas draws a model's blocks and the edges between them, computed by Eclipse ELK's layered
 * algorithm (Sugiyama: ranks, crossing minimisation, node placement, orthogonal edge routing). Independent of any UI
 * toolkit, so it is tested and benchmarked headless.
 *
 * <p>Nodes are numbered as the canvas numbers its blocks: {@code 0} is the input image, {@code i >= 1} the i-th
 * listed layer. There is one edge per connection, from an input to the layer that takes it, in the order the layers
 * are listed and then the order they name their inputs. The edge from the listed layer before (the main column of a
 * ResNet) is laid out straight; skip connections run beside it. A chain comes out as one straight column.
 */
public final class GraphLayout {

    /** Space between ranks and between blocks of one rank, in pixels. */
    private static final double RANK_GAP = 18;
    private static final double NODE_GAP = 28;
    private static final double PADDING = 16;

    private GraphLayout() {
    }

    /** A width and height in pixels. */
    public record Size(double width, double height) {
    }

    /** A point in pixels, from the top left of the drawing. */
    public record Point(double x, double y) {
    }

    /**
     * A placed block.
     *
     * @param index 0 for the input, i for the i-th layer
     * @param x left
     * @param y top
     * @param width width as given
     * @param height height as given
     */
    public record Node(int index, double x, double y, double width, double height) {
        /** Returns true if the two blocks share some area. */
        public boolean overlaps(Node o) {
            return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
        }
    }

    /**
     * A routed connection.
     *
     * @param from node of the tensor's producer
     * @param to node of the layer that takes it
     * @param points the route from the producer's border to the taker's border, with its bends
     * @param label top left of the edge's label (the tensor's shape)
     */
    public record Edge(int from, int to, List<Point> points, Point label) {
    }

    /**
     * A layout.
     *
     * @param nodes one per block, in block order
     * @param edges one per connection
     * @param width width of the whole drawing
     * @param height height of the whole drawing
     */
    public record Result(List<Node> nodes, List<Edge> edges, double width, double height) {
    }

    /** Returns the connections of a model as {from, to} node pairs, in the order {@link Result#edges()} has them. */
    public static List<int[]> connections(ModelSpec model) {
        ModelGraph g = ModelGraph.of(model);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            for (int from : g.inputsOf(i)) {
                out.add(new int[] {from + 1, i + 1});
            }
        }
        return out;
    }

    /**
     * Lays out a model.
     *
     * @param model the model (connections that name no layer are left out)
     * @param nodeSizes the size of every block: the input's first, then one per layer
     * @param labelSizes the size of the shape label on the edges leaving each block, in the same order
     * @param vertical true for top to bottom, false for left to right
     * @return where everything goes
     * @throws IllegalArgumentException if the sizes do not match the model
     */
    public static Result layout(ModelSpec model, List<Size> nodeSizes, List<Size> labelSizes, boolean vertical) {
        int n = model.layers().size() + 1;
        if (nodeSizes.size() != n || labelSizes.size() != n) {
            throw new IllegalArgumentException("need " + n + " node and label sizes, got " + nodeSizes.size()
                    + " and " + labelSizes.size());
        }
        ElkNode root = ElkGraphUtil.createGraph();
        configure(root, vertical);
        List<ElkNode> nodes = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ElkNode node = ElkGraphUtil.createNode(root);
            node.setDimensions(nodeSizes.get(k).width(), nodeSizes.get(k).height());
            nodes.add(node);
        }
        List<int[]> pairs = connections(model);
        List<ElkEdge> edges = new ArrayList<>();
        for (int[] p : pairs) {
            ElkEdge e = ElkGraphUtil.createSimpleEdge(nodes.get(p[0]), nodes.get(p[1]));
            // the main column: the edge from the block drawn just before stays straight
            e.setProperty(LayeredOptions.PRIORITY_STRAIGHTNESS, p[0] == p[1] - 1 ? 10 : 0);
            Size s = labelSizes.get(p[0]);
            ElkLabel label = ElkGraphUtil.createLabel("shape", e); // ELK skips labels without text
            label.setDimensions(s.width(), s.height());
            label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
            edges.add(e);
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        List<Node> placed = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ElkNode node = nodes.get(k);
            placed.add(new Node(k, node.getX(), node.getY(), node.getWidth(), node.getHeight()));
        }
        List<Edge> routed = new ArrayList<>();
        for (int k = 0; k < pairs.size(); k++) {
            routed.add(route(pairs.get(k), edges.get(k)));
        }
        return new Result(List.copyOf(placed), List.copyOf(routed), root.getWidth(), root.getHeight());
    }

    private static void configure(ElkNode root, boolean vertical) {
        root.setProperty(CoreOptions.ALGORITHM, "org.eclipse.elk.layered");
        root.setProperty(CoreOptions.DIRECTION, vertical ? Direction.DOWN : Direction.RIGHT);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(PADDING));
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, RANK_GAP);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, RANK_GAP / 2);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE, NODE_GAP);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE, NODE_GAP / 2);
        root.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 14.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 4.0);
        // keep the listed order where crossings allow: the main column left, skips to its right
        root.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, OrderingStrategy.NODES_AND_EDGES);
        root.setProperty(LayeredOptions.NODE_PLACEMENT_FAVOR_STRAIGHT_EDGES, true);
        root.setProperty(LayeredOptions.THOROUGHNESS, 2); // a CNN is nearly a chain: few sweeps find its crossings
    }

    private static Edge route(int[] pair, ElkEdge e) {
        List<Point> points = new ArrayList<>();
        if (!e.getSections().isEmpty()) {
            ElkEdgeSection s = e.getSections().get(0);
            points.add(new Point(s.getStartX(), s.getStartY()));
            for (ElkBendPoint b : s.getBendPoints()) {
                points.add(new Point(b.getX(), b.getY()));
            }
            points.add(new Point(s.getEndX(), s.getEndY()));
        }
        ElkLabel label = e.getLabels().get(0);
        return new Edge(pair[0], pair[1], List.copyOf(points), new Point(label.getX(), label.getY()));
    }
}
