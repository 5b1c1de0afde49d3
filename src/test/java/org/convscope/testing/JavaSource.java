package org.convscope.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough Java lexing for the literal scanners ({@code UiLiteralsTest}, {@code CliLiteralsTest},
 * {@code ErrorLiteralsTest}): where a string literal ends (text blocks too), which parenthesis closes a call
 * (skipping string and char literals), blanking {@code tr(...)} calls, and turning comments into spaces while keeping
 * every offset and line break, so a found literal's position still names its line.
 */
public final class JavaSource {

    private JavaSource() {
    }

    /** The index of the parenthesis that closes the one at {@code open}, skipping string literals; -1 if none. */
    public static int closingParen(String s, int open) {
        return closing(s, open, '(', ')');
    }

    /** The index of the {@code close} that matches the {@code open} at {@code at}, skipping literals; -1 if none. */
    public static int closing(String s, int at, char open, char close) {
        int depth = 0;
        for (int i = at; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                i = endOfLiteral(s, i);
            } else if (c == '\'') {
                i = s.indexOf('\'', i + (s.charAt(i + 1) == '\\' ? 2 : 1));
            } else if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    public static int endOfLiteral(String s, int quote) {
        if (s.startsWith("\"\"\"", quote)) {
            int end = s.indexOf("\"\"\"", quote + 3);
            return end < 0 ? s.length() : end + 2;
        }
        for (int i = quote + 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == '"') {
                return i;
            }
        }
        return s.length();
    }

    /** Replaces every {@code tr(...)} call's text with spaces, so its key and arguments are not looked at. */
    public static String blankTrCalls(String args) {
        StringBuilder sb = new StringBuilder(args);
        Matcher tr = Pattern.compile("\\btr\\s*\\(").matcher(args);
        while (tr.find()) {
            int close = closingParen(args, tr.end() - 1);
            int end = close < 0 ? args.length() : close + 1;
            for (int i = tr.start(); i < end; i++) {
                if (sb.charAt(i) != '\n') {
                    sb.setCharAt(i, ' ');
                }
            }
        }
        return sb.toString();
    }

    /** The code with comments turned to spaces (line breaks kept). */
    public static String stripComments(String code) {
        StringBuilder sb = new StringBuilder(code);
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"') {
                i = endOfLiteral(code, i);
            } else if (c == '\'' && i + 2 < code.length()) {
                i = code.indexOf('\'', i + (code.charAt(i + 1) == '\\' ? 2 : 1));
            } else if (code.startsWith("//", i)) {
                int end = code.indexOf('\n', i);
                end = end < 0 ? code.length() : end;
                for (int j = i; j < end; j++) {
                    sb.setCharAt(j, ' ');
                }
                i = end;
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                end = end < 0 ? code.length() : end + 2;
                for (int j = i; j < end; j++) {
                    if (code.charAt(j) != '\n') {
                        sb.setCharAt(j, ' ');
                    }
                }
                i = end - 1;
            }
        }
        return sb.toString();
    }
}
