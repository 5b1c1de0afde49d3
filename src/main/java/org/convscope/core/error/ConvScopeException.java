package org.convscope.core.error;

/**
 * The root of ConvScope's own checked errors: something the user gave us (a file, an archive, an image, a model)
 * cannot be used. {@link #getMessage()} is written for the user and names the thing and what is wrong with it;
 * {@link #detail()} adds what a bug report would need (the underlying cause), and is never shown on its own.
 *
 * <p>The UI shows the message in a dialog or inline, the command line prints it to stderr and exits with 2; neither
 * shows a stack trace. Subclasses: ModelFileException (model files), CifarFormatException (data sets),
 * ImageLoadException (images).
 */
public class ConvScopeException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message for the user: what cannot be used and why
     */
    public ConvScopeException(String message) {
        super(message);
    }

    /**
     * @param message for the user: what cannot be used and why
     * @param cause the underlying error, kept for {@link #detail()}
     */
    public ConvScopeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Returns the user-facing message; never blank. */
    public String userMessage() {
        String m = getMessage();
        return m == null || m.isBlank() ? getClass().getSimpleName() : m;
    }

    /** Returns the technical detail for logs and bug reports: the chain of causes, one per line. */
    public String detail() {
        StringBuilder sb = new StringBuilder(getClass().getName()).append(": ").append(userMessage());
        for (Throwable t = getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            sb.append("\ncaused by ").append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }
}
