package org.convscope.io;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX model's graph as plain Java values: what {@link OnnxImport} needs of a {@code ModelProto}, read by the
 * engine (which has the protobuf classes) and checked there: every tensor's values are already read, finite where
 * they are floats, and as many as its dimensions say.
 *
 * @param file the file's name, for messages
 * @param opset the default domain's operator set version
 * @param producer who wrote the file, e.g. {@code pytorch 1.13.0}
 * @param name the graph's name
 * @param input the graph's data input (the first input that is not an initializer)
 * @param inputDims its dimensions, {@code (N, C, H, W)}; a symbolic dimension is -1
 * @param nodes the nodes, in the file's (topological) order
 * @param initializers the constant tensors by name
 * @param outputs the graph's output names
 */
public record OnnxGraph(String file, long opset, String producer, String name, String input, long[] inputDims,
        List<Node> nodes, Map<String, Tensor> initializers, List<String> outputs) {

    /** Copies the lists. */
    public OnnxGraph {
        nodes = List.copyOf(nodes);
        initializers = Map.copyOf(initializers);
        outputs = List.copyOf(outputs);
    }

    /**
     * A constant tensor, row-major, with its values as floats or as integers.
     *
     * @param name its name
     * @param dims its dimensions (empty for a scalar)
     * @param floats the values of a float tensor, or null
     * @param longs the values of an integer tensor, or null
     */
    public record Tensor(String name, long[] dims, float[] floats, long[] longs) {

        /** Returns the number of values its dimensions give. */
        public long count() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * One attribute of a node: the fields ConvScope reads (an attribute sets one of them).
     *
     * @param f a float
     * @param i an integer
     * @param s a string
     * @param ints a list of integers
     * @param t a tensor (Constant's {@code value}), or null
     */
    public record Attribute(float f, long i, String s, long[] ints, Tensor t) {
    }

    /**
     * One operation.
     *
     * @param name the node's name (may be empty)
     * @param op its operator, e.g. {@code Conv}
     * @param inputs its input value names (an empty name is an absent optional input)
     * @param outputs its output value names
     * @param attributes by name
     */
    public record Node(String name, String op, List<String> inputs, List<String> outputs,
            Map<String, Attribute> attributes) {

        /** Copies the lists. */
        public Node {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            attributes = Map.copyOf(attributes);
        }

        /** Returns the node's name, or its operator and first output when it has none. */
        public String label() {
            return name.isEmpty() ? op + " -> " + (outputs.isEmpty() ? "?" : outputs.get(0)) : name;
        }

        /** Returns an integer attribute, or {@code fallback}. */
        public long i(String key, long fallback) {
            Attribute a = attributes.get(key);
            return a == null ? fallback : a.i();
        }

        /** Returns a float attribute, or {@code fallback}. */
        public float f(String key, float fallback) {
            Attribute a = attributes.get(key);
            return a == null ? fallback : a.f();
        }

        /** Returns a list-of-integers attribute, if present. */
        public Optional<long[]> ints(String key) {
            Attribute a = attributes.get(key);
            return a == null || a.ints() == null ? Optional.empty() : Optional.of(a.ints());
        }

        /** Returns a string attribute, or {@code fallback}. */
        public String s(String key, String fallback) {
            Attribute a = attributes.get(key);
            return a == null || a.s() == null ? fallback : a.s();
        }

        /** Returns the input at {@code k}, or "" when absent. */
        public String input(int k) {
            return k < inputs.size() ? inputs.get(k) : "";
        }
    }
}
