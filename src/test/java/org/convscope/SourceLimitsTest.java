package org.convscope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The size limits of the project's conventions: no file under {@code src/main/java} over {@value #MAX_FILE_LINES}
 * lines, no method or constructor body over {@value #MAX_BODY_LINES} lines (from the line of its opening brace to
 * the line of its closing brace). Bodies are found by {@link Scanner}, a brace matcher that skips comments, string,
 * character and text-block literals; the second test checks the scanner itself on small snippets.
 */
class SourceLimitsTest {

    static final int MAX_FILE_LINES = 500;
    static final int MAX_BODY_LINES = 80;

    @Test
    void noMainSourceFileOrMethodIsOverTheLimits() throws IOException {
        Path root = Path.of("src", "main", "java");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.size() > 100, "found the main sources: " + files.size() + " files");
        List<String> over = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String name = root.relativize(file).toString().replace('\\', '/');
            int lines = lineCount(text);
            if (lines > MAX_FILE_LINES) {
                over.add(name + ": " + lines + " lines (limit " + MAX_FILE_LINES + ")");
            }
            for (Body b : Scanner.bodies(text)) {
                if (b.lines() > MAX_BODY_LINES) {
                    over.add(name + ":" + b.line() + ": " + b.name() + " has a " + b.lines() + "-line body (limit "
                            + MAX_BODY_LINES + ")");
                }
            }
        }
        assertTrue(over.isEmpty(), over.size() + " over the limits; split them by what they do:\n  "
                + String.join("\n  ", over));
    }

    @Test
    void theScannerFindsMethodAndConstructorBodiesPastCommentsAndLiterals() {
        String source = String.join("\n",
                "package x;",                                                      // 1
                "/** A { in javadoc. */",                                          // 2
                "@Command(names = {\"a\", \"b\"}, description = \"=\")",       // 3
                "class A<T extends Comparable<T>> implements Runnable {",          // 4
                "    static final int[] TABLE = {1, 2, 3};",                       // 5
                "    static { System.out.println(\"}\"); }",                       // 6
                "    private final Runnable r = new Runnable() {",                 // 7
                "        @Override public void run() {",                           // 8
                "            char c = '{'; char q = '\\''; char b = '\\\\';",      // 9
                "        }",                                                       // 10
                "    };",                                                          // 11
                "    A(int x) throws java.io.IOException, IllegalStateException {", // 12
                "        // } not a brace",                                        // 13
                "        /* { nor this */ String s = \"\\\"{\";",                  // 14
                "        String t = \"\"\"",                                       // 15
                "            }} \"quoted\" \\\"\"\" still inside {",              // 16
                "            \"\"\";",                                             // 17
                "        Runnable l = () -> { if (x > 0) { return; } };",          // 18
                "    }",                                                           // 19
                "    public <R> R map(java.util.function.Function<T, R> f) { return null; }", // 20
                "    @Option(aliases = {\"r\"}, since = \"1\")",                // 21
                "    public void run() {",                                         // 22
                "        new Thread(new Runnable() { public void run() { } }).start();", // 23
                "    }",                                                           // 24
                "    record P(int a) {",                                           // 25
                "        P {",                                                     // 26
                "            if (a < 0) { throw new IllegalArgumentException(); }", // 27
                "        }",                                                       // 28
                "        void record(int b) { }",                                  // 29
                "    }",                                                           // 30
                "    enum E {",                                                    // 31
                "        ONE { int f() { return 1; } }, TWO(2) { int f() { return 2; } };", // 32
                "        E() { }",                                                 // 33
                "        E(int k) {",                                              // 34
                "        }",                                                       // 35
                "        int f() { return 0; }",                                   // 36
                "    }",                                                           // 37
                "    interface I { default int g() {",                             // 38
                "        return Foo.class.hashCode(); } }",                        // 39
                "}",                                                               // 40
                "");
        assertEquals(List.of(
                new Body("run", 8, 3),
                new Body("A", 12, 8),
                new Body("map", 20, 1),
                new Body("run", 23, 1),
                new Body("run", 22, 3),
                new Body("P", 26, 3),
                new Body("record", 29, 1),
                new Body("f", 32, 1),
                new Body("f", 32, 1),
                new Body("E", 33, 1),
                new Body("E", 34, 2),
                new Body("f", 36, 1),
                new Body("g", 38, 2)), Scanner.bodies(source));
        assertEquals(40, lineCount(source));
        assertEquals(2, lineCount("a\nb"));
    }

    @Test
    void theScannerCountsALongBodyWhoseLinesHoldBracesInLiteralsAndComments() {
        StringBuilder s = new StringBuilder("class L {\n    void longOne() {\n");
        for (int i = 0; i < 85; i++) {
            s.append("        call(\"{\" + '}'); // {\n");
        }
        s.append("    }\n}\n");
        assertEquals(List.of(new Body("longOne", 2, 87)), Scanner.bodies(s.toString()));
    }

    /**
     * The scanner against javac's own parser (the JDK's compiler tree API), on every main source file: the same
     * method and constructor bodies, at the same lines, with the same lengths.
     */
    @Test
    void theScannerAgreesWithJavacOnEveryMainSourceFile() throws IOException {
        Path root = Path.of("src", "main", "java");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        try (var fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            var task = (com.sun.source.util.JavacTask) javac.getTask(null, fm, null, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            var positions = com.sun.source.util.Trees.instance(task).getSourcePositions();
            int compared = 0;
            for (var unit : task.parse()) {
                var lines = unit.getLineMap();
                List<Body> expected = new ArrayList<>();
                new com.sun.source.util.TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitMethod(com.sun.source.tree.MethodTree m, Void unused) {
                        if (m.getBody() != null) {
                            int first = (int) lines.getLineNumber(positions.getStartPosition(unit, m.getBody()));
                            int last = (int) lines.getLineNumber(positions.getEndPosition(unit, m.getBody()) - 1);
                            String name = m.getName().contentEquals("<init>") ? enclosingClass() : m.getName().toString();
                            expected.add(new Body(name, first, last - first + 1));
                        }
                        return super.visitMethod(m, unused);
                    }

                    private String enclosingClass() {
                        for (var t : getCurrentPath()) {
                            if (t instanceof com.sun.source.tree.ClassTree c) {
                                return c.getSimpleName().toString();
                            }
                        }
                        return "?";
                    }
                }.scan(unit, null);
                List<Body> found = new ArrayList<>(Scanner.bodies(unit.getSourceFile().getCharContent(true).toString()));
                java.util.Comparator<Body> order = java.util.Comparator.comparingInt(Body::line).thenComparing(Body::name)
                        .thenComparingInt(Body::lines);
                expected.sort(order);
                found.sort(order);
                assertEquals(expected, found, unit.getSourceFile().getName());
                compared += expected.size();
            }
            assertTrue(compared > 1000, "compared " + compared + " bodies");
        }
    }

    /** Lines as {@code wc -l} counts them for a file that ends with a line break. */
    static int lineCount(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            n += text.charAt(i) == '\n' ? 1 : 0;
        }
        return text.isEmpty() || text.endsWith("\n") ? n : n + 1;
    }

    /**
     * A method or constructor body.
     *
     * @param name the method's name (a constructor's is its class's)
     * @param line the line of its opening brace, from 1
     * @param lines the lines from its opening to its closing brace, both included
     */
    record Body(String name, int line, int lines) {
    }

    /**
     * Finds method and constructor bodies in Java source: comments and literals are blanked first (their line breaks
     * kept), then each brace is classified by the text before it since the last {@code ;}, <code>{</code> or
     * <code>}</code>: a type (class, interface, enum, record, an anonymous class, an enum constant's body), a method
     * or constructor (directly in a type: a parameter list, or a record's compact constructor), or any other block.
     */
    static final class Scanner {

        private static final Pattern TYPE = Pattern.compile(
                "(?<![.\\w])(?:(?:class|interface|enum)\\s+\\w+|record\\s+\\w+\\s*[<(])");
        private static final Pattern ENUM = Pattern.compile("(?<![.\\w])enum\\s+\\w+");
        private static final Pattern ANONYMOUS = Pattern.compile("(?<![.\\w])new\\s+[\\w.$]+\\s*(?:<[^;{}]*>)?\\s*\\(");
        private static final Pattern THROWS = Pattern.compile("\\)\\s*(?:throws\\s+[\\w.$<>?,\\s]+)?$");
        private static final Pattern NAME_BEFORE_PARAMS = Pattern.compile("(\\w+)\\s*\\($");
        private static final Pattern LAST_WORD = Pattern.compile("(\\w+)\\s*$");

        private enum Kind { TYPE, METHOD, BLOCK }

        private static final class Frame {
            final Kind kind;
            final String name;
            final int line;
            final int parens;
            final boolean isEnum;
            boolean enumConstantsDone;
            boolean inParens;

            Frame(Kind kind, String name, int line, int parens, boolean isEnum) {
                this.kind = kind;
                this.name = name;
                this.line = line;
                this.parens = parens;
                this.isEnum = isEnum;
            }
        }

        private Scanner() {
        }

        /** Returns the bodies in the order their closing braces appear. */
        static List<Body> bodies(String source) {
            String code = blankCommentsAndLiterals(source);
            List<Body> bodies = new ArrayList<>();
            Deque<Frame> stack = new ArrayDeque<>();
            StringBuilder header = new StringBuilder();
            int line = 1;
            int parens = 0;
            for (int i = 0; i < code.length(); i++) {
                char ch = code.charAt(i);
                switch (ch) {
                    case '\n' -> {
                        line++;
                        header.append(' ');
                    }
                    case '(' -> {
                        parens++;
                        header.append(ch);
                    }
                    case ')' -> {
                        parens--;
                        header.append(ch);
                    }
                    case ';' -> {
                        Frame top = stack.peek();
                        if (top != null && top.isEnum && parens == top.parens) {
                            top.enumConstantsDone = true;
                        }
                        header.setLength(0);
                    }
                    case '{' -> {
                        Frame outer = stack.peek();
                        Frame f = open(header.toString().strip(), outer, line, parens);
                        // a brace inside parentheses (an annotation's array, a lambda argument) is part of the
                        // declaration around it, so the text before it stays
                        f.inParens = parens > (outer == null ? 0 : outer.parens);
                        stack.push(f);
                        if (!f.inParens) {
                            header.setLength(0);
                        }
                    }
                    case '}' -> {
                        Frame f = stack.poll();
                        if (f == null) {
                            continue; // more closing braces than opening ones: not valid Java, nothing to count
                        }
                        if (f.kind == Kind.METHOD) {
                            bodies.add(new Body(f.name, f.line, line - f.line + 1));
                        }
                        parens = f.parens;
                        if (!f.inParens) {
                            header.setLength(0);
                        }
                    }
                    default -> header.append(ch);
                }
            }
            return bodies;
        }

        /** Classifies an opening brace by the text before it and the scope it opens in. */
        private static Frame open(String header, Frame outer, int line, int parens) {
            if (endsWithAnonymousClass(header)) {
                return new Frame(Kind.TYPE, "", line, parens, false);
            }
            boolean inType = outer == null || outer.kind == Kind.TYPE;
            if (!inType || parens > (outer == null ? 0 : outer.parens) || assigns(header) || header.contains("->")) {
                return new Frame(Kind.BLOCK, "", line, parens, false);
            }
            if (TYPE.matcher(header).find()) {
                return new Frame(Kind.TYPE, "", line, parens, ENUM.matcher(header).find());
            }
            if (outer != null && outer.isEnum && !outer.enumConstantsDone) {
                return new Frame(Kind.TYPE, "", line, parens, false); // an enum constant's own body
            }
            Matcher params = THROWS.matcher(header);
            if (params.find()) {
                int close = params.start();
                int open = matchingOpen(header, close);
                Matcher name = NAME_BEFORE_PARAMS.matcher(header.substring(0, open + 1));
                return new Frame(Kind.METHOD, name.find() ? name.group(1) : "?", line, parens, false);
            }
            Matcher word = LAST_WORD.matcher(header);
            if (header.isEmpty() || header.endsWith("static") || !word.find()) {
                return new Frame(Kind.BLOCK, "", line, parens, false); // an initializer
            }
            return new Frame(Kind.METHOD, word.group(1), line, parens, false); // a record's compact constructor
        }

        /** True for a {@code =} outside parentheses (a field's initializer), not an annotation's {@code key = value}. */
        private static boolean assigns(String header) {
            int depth = 0;
            for (int i = 0; i < header.length(); i++) {
                char c = header.charAt(i);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (c == '=' && depth == 0 && (i + 1 == header.length() || header.charAt(i + 1) != '=')
                        && (i == 0 || "=!<>".indexOf(header.charAt(i - 1)) < 0)) {
                    return true;
                }
            }
            return false;
        }

        /** True when the header ends with {@code new Name<...>(...)}: the brace opens an anonymous class. */
        private static boolean endsWithAnonymousClass(String header) {
            if (!header.endsWith(")")) {
                return false;
            }
            int open = matchingOpen(header, header.length() - 1);
            if (open < 0) {
                return false;
            }
            Matcher m = ANONYMOUS.matcher(header);
            while (m.find()) {
                if (m.end() - 1 == open) {
                    return true;
                }
            }
            return false;
        }

        private static int matchingOpen(String s, int close) {
            int depth = 0;
            for (int i = close; i >= 0; i--) {
                char c = s.charAt(i);
                if (c == ')') {
                    depth++;
                } else if (c == '(' && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Returns the source with comments and the insides of string, character and text-block literals replaced by
         * spaces; line breaks stay, so line numbers do not change.
         */
        static String blankCommentsAndLiterals(String s) {
            StringBuilder out = new StringBuilder(s.length());
            int i = 0;
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                    int end = s.indexOf('\n', i);
                    i = blank(s, i, end < 0 ? n : end, out);
                } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                    int end = s.indexOf("*/", i + 2);
                    i = blank(s, i, end < 0 ? n : end + 2, out);
                } else if (s.startsWith("\"\"\"", i)) {
                    out.append("\"\"\"");
                    i = blank(s, i + 3, literalEnd(s, i + 3, "\"\"\""), out);
                } else if (c == '"' || c == '\'') {
                    out.append(c);
                    i = blank(s, i + 1, literalEnd(s, i + 1, String.valueOf(c)), out);
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }

        /** Returns the index just after the closing delimiter (escapes skipped), or the end of the text. */
        private static int literalEnd(String s, int from, String delimiter) {
            int i = from;
            while (i < s.length()) {
                if (s.charAt(i) == '\\') {
                    i += 2;
                } else if (s.startsWith(delimiter, i)) {
                    return i + delimiter.length();
                } else if (s.charAt(i) == '\n' && delimiter.length() == 1) {
                    return i; // an unclosed one-line literal ends with its line
                } else {
                    i++;
                }
            }
            return s.length();
        }

        /** Appends spaces for {@code s[from, to)}, keeping line breaks; returns {@code to}. */
        private static int blank(String s, int from, int to, StringBuilder out) {
            for (int i = from; i < to; i++) {
                out.append(s.charAt(i) == '\n' ? '\n' : ' ');
            }
            return to;
        }
    }
}
