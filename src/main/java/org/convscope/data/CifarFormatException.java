package org.convscope.data;

/**
 * A CIFAR-10 file that cannot be loaded as it is: missing, truncated, damaged, with a label outside
 * 0-9, or not byte-identical to the official file it is named after.
 *
 * <p>Checked, so that callers must show the message to the user; the message names the file and
 * says what is wrong in plain words. Nothing is ever loaded partially when this is thrown.
 */
public class CifarFormatException extends org.convscope.core.error.ConvScopeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message a user-facing sentence that names the file
     */
    public CifarFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message a user-facing sentence that names the file
     * @param cause the underlying I/O error
     */
    public CifarFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
