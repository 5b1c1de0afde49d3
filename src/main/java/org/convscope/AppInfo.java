package org.convscope;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Name and version of this build, read from {@code org/convscope/version.properties} (filled in by Maven). */
public final class AppInfo {

    /** The product name. */
    public static final String NAME = "ConvScope";

    private AppInfo() {
    }

    /** Returns the version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code dev} when run from an unpackaged tree. */
    public static String version() {
        try (InputStream in = AppInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "dev");
                return v.startsWith("${") ? "dev" : v;
            }
        } catch (IOException e) {
            // fall through
        }
        return "dev";
    }
}
