package org.convscope.ui.common;

import static org.convscope.testing.JavaSource.blankTrCalls;
import static org.convscope.testing.JavaSource.closingParen;
import static org.convscope.testing.JavaSource.endOfLiteral;
import static org.convscope.testing.JavaSource.stripComments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No user-visible text is written in the UI's sources: a string literal with a letter in it, passed to a call
 * that puts text on screen ({@code setText}, {@code new Label}, {@code new Button}, menu items, tooltips,
 * dialog titles and headers, prompts, tabs, status lines...), or held in a {@code static final String} constant
 * (texts kept at the top of a class to be shown later), fails the test unless it is an id or style class
 * ({@code menu-new}) or sits inside {@code tr(...)}. Packages and files not yet moved to the bundles are listed
 * in {@link #NOT_YET_MIGRATED}; everything else is checked strictly.
 */
class UiLiteralsTest {

    private static final Path UI = Path.of("src/main/java/org/convscope/ui");

    /** Paths under ui/ still being moved to the bundles: none now (every ui package reads its texts from them). */
    static final Set<String> NOT_YET_MIGRATED = Set.of();

    /** Calls whose arguments are shown to the user. */
    private static final Pattern SHOWN = Pattern.compile(
            "(new\\s+(Label|Button|MenuItem|Menu|CheckMenuItem|RadioMenuItem|Tooltip|Tab|TitledPane|CheckBox"
            + "|ToggleButton|RadioButton|Hyperlink|Text|ButtonType|ExtensionFilter|FileChooser\\.ExtensionFilter"
            + "|Alert|Shortcut)"
            + "|throw\\s+new\\s+\\w+"
            + "|\\.set(Text|Title|HeaderText|ContentText|PromptText|AccessibleText|AccessibleHelp|Label|Name"
            + "|Placeholder|Tooltip)"
            + "|\\bshowStatus|\\bDialogs\\.\\w+|(?<!LOG\\.)\\b(error|info|item|menu)|\\bconfirmDiscard(\\.test)?"
            + "|\\bStatus\\.set|\\.set)\\s*\\(");

    /** A string constant's declaration, up to its {@code =}; its initializer runs to the next {@code ;}. */
    private static final Pattern CONSTANT = Pattern.compile("\\bstatic\\s+final\\s+String\\s+\\w+\\s*=");
    /** A constant's text is prose when it has a space, ends like a sentence or a label, or is a capitalised word. */
    private static final Pattern CONSTANT_PROSE = Pattern.compile("(?s).*\\s.*|.*[.:!?]|[A-Z][a-z]+");
    /**
     * Constants that name a text but are also parsed back (the stepper's source selector reads "Sample: x.png" to
     * know what to load): moving them needs their callers changed too, so they are listed here, by file and line text.
     */
    private static final Set<String> CONSTANTS_NOT_YET_MIGRATED = Set.of(
            "common/InputSources.java \"Sample: \"", "common/InputSources.java \"Image: \"",
            // the Learn screen's choice id (gui --learn-source "Training image: cat"); its set-up shows it translated
            "learn/LearnViewModel.java \"Training image: \"");

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Ids, style classes, keys, file patterns, CSS: no spaces, no capital first letter. */
    private static final Pattern NOT_PROSE = Pattern.compile(
            "[a-z0-9_.\\-:/*#%+]*|-fx-.*|\\*\\..*|ConvScope|(Shortcut\\+|Shift\\+|Alt\\+)*[A-Z0-9]{1,3}");
    /** A background job's title names it in logs and threads, never on screen. */
    private static final Pattern JOB_TITLE = Pattern.compile("BackgroundJob\\.of\\(\\s*\"[^\"]*\"");

    @Test
    void migratedSourcesShowNoTextOutsideTheBundles() throws IOException {
        List<String> found = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(UI)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = UI.relativize(f).toString().replace('\\', '/');
                if (NOT_YET_MIGRATED.stream().anyMatch(rel::startsWith)) {
                    continue;
                }
                checked++;
                found.addAll(literalsShown(rel, Files.readString(f)));
            }
        }
        assertTrue(checked >= 15, "the migrated packages' files are checked, " + checked);
        assertEquals(List.of(), found, "user-visible texts outside the bundles (use I18n.tr)");
    }

    @Test
    void theScannerFindsTextsAndLetsKeysAndIdsPass() {
        String code = """
                Button b = new Button("Train");
                b.setId("train-start");
                label.setText(tr("train.start"));
                label.setText("Epoch " + n);
                vm.screenProperty().set("build");
                status.set(String.format("%d of %d", a, b));
                item(tr("menu.new"), "menu-new", this::x);
                Dialogs.error(stage, tr("err.open", f), "Nothing was written." + "\\n\\n");
                executor.submit(BackgroundJob.of("Open model", job).onFailure(e -> showStatus("Failed")));
                item.setAccelerator(menu("Shortcut+Shift+Z"));
                box.setStyle("-fx-font-size: 14px");
                static final String TITLE = "Export as animated GIF";
                private static final String SELECTED = "matrix-cell-selected";
                static final String BASE = "convscope.baseStyle", STYLE = "-fx-font-weight: bold";
                static final String TOOLTIP = "Save the sweep"
                        + " as a GIF";
                static final String HIDDEN_SUM = "= ?";
                static final String DONE = tr("gif.done", "x y");
                static final String CANCEL = "Cancel", KEY = "recent-models";
                """;
        assertEquals(List.of("X.java:1 \"Train\"", "X.java:4 \"Epoch \"", "X.java:6 \"%d of %d\"",
                "X.java:8 \"Nothing was written.\"", "X.java:9 \"Failed\"", "X.java:12 \"Export as animated GIF\"",
                "X.java:15 \"Save the sweep\"", "X.java:16 \" as a GIF\"",
                "X.java:19 \"Cancel\""), literalsShown("X.java", code));
    }

    /** The literals with prose in them passed to calls that show text, as "file:line \"literal\"". */
    static List<String> literalsShown(String file, String code) {
        List<String> found = new ArrayList<>();
        String text = stripComments(code);
        Matcher job = JOB_TITLE.matcher(text);
        StringBuilder blanked = new StringBuilder(text);
        while (job.find()) {
            for (int i = job.start(); i < job.end(); i++) {
                blanked.setCharAt(i, ' ');
            }
        }
        text = blanked.toString();
        Matcher call = SHOWN.matcher(text);
        int searchedTo = 0;
        while (call.find()) {
            int open = call.end() - 1;
            int close = closingParen(text, open);
            if (close < 0 || open < searchedTo) {
                continue;
            }
            String args = blankTrCalls(text.substring(open + 1, close));
            Matcher lit = LITERAL.matcher(args);
            while (lit.find()) {
                String s = lit.group(1);
                if (isProse(s)) {
                    int line = 1 + (int) text.substring(0, open + 1 + lit.start()).chars().filter(c -> c == '\n').count();
                    found.add(file + ":" + line + " \"" + s + "\"");
                }
            }
            searchedTo = close;
        }
        Matcher constant = CONSTANT.matcher(text);
        while (constant.find()) {
            int end = constant.end();
            while (end < text.length() && text.charAt(end) != ';') {
                end = text.charAt(end) == '"' ? endOfLiteral(text, end) + 1 : end + 1;
            }
            String init = blankTrCalls(text.substring(constant.end(), end));
            Matcher lit = LITERAL.matcher(init);
            while (lit.find()) {
                String s = lit.group(1);
                if (isProse(s) && CONSTANT_PROSE.matcher(s).matches()
                        && !CONSTANTS_NOT_YET_MIGRATED.contains(file + " \"" + s + "\"")) {
                    int line = 1 + (int) text.substring(0, constant.end() + lit.start()).chars().filter(c -> c == '\n').count();
                    found.add(file + ":" + line + " \"" + s + "\"");
                }
            }
        }
        return found;
    }

    /** Whether a literal's text is prose: it has a letter (escapes such as \\u25b6 are symbols) and is no id or key. */
    private static boolean isProse(String s) {
        String unescaped = s.replaceAll("\\\\u[0-9a-fA-F]{4}|\\\\[ntr\"\\\\]", " ");
        return unescaped.chars().anyMatch(Character::isLetter) && !NOT_PROSE.matcher(s).matches();
    }
}
