package org.convscope.io;

/**
 * A model file that cannot be read, with the JSON path of the offending value.
 *
 * <p>The message is written for the user: it names the path (e.g. {@code $.layers[2].kernel_size}),
 * what was found and what is expected.
 */
public class ModelFileException extends org.convscope.core.error.ConvScopeException {

    private static final long serialVersionUID = 1L;

    private final String jsonPath;

    /**
     * Creates an error.
     *
     * @param jsonPath where in the document, e.g. {@code $.layers[0]}; {@code $} for the whole document
     * @param message what is wrong, for the user
     */
    public ModelFileException(String jsonPath, String message) {
        super(jsonPath + ": " + message);
        this.jsonPath = jsonPath;
    }

    /**
     * Creates an error with a cause, e.g. an I/O failure.
     *
     * @param jsonPath where in the document
     * @param message what is wrong, for the user
     * @param cause the underlying failure
     */
    public ModelFileException(String jsonPath, String message, Throwable cause) {
        super(jsonPath + ": " + message, cause);
        this.jsonPath = jsonPath;
    }

    /** Returns the JSON path of the offending value. */
    public String jsonPath() {
        return jsonPath;
    }
}
