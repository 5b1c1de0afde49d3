package org.convscope.ui.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The last few model files opened or saved, kept in the user's preferences. */
final class RecentFiles {

    static final int MAX = 8;
    private static final String KEY = "recent-models";

    private final Preferences prefs;

    RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (String line : prefs.get(KEY, "").split("\n")) {
            if (!line.isBlank()) {
                out.add(Path.of(line));
            }
        }
        return out;
    }

    void add(Path file) {
        List<Path> paths = list();
        Path abs = file.toAbsolutePath().normalize();
        paths.remove(abs);
        paths.add(0, abs);
        while (paths.size() > MAX) {
            paths.remove(paths.size() - 1);
        }
        prefs.put(KEY, String.join("\n", paths.stream().map(Path::toString).toList()));
    }

    void remove(Path file) {
        List<Path> paths = list();
        paths.remove(file.toAbsolutePath().normalize());
        prefs.put(KEY, String.join("\n", paths.stream().map(Path::toString).toList()));
    }
}
