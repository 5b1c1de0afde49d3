package org.convscope.imaging;

/** An image that cannot be opened, with a message for the user (never a stack trace). */
public class ImageLoadException extends org.convscope.core.error.ConvScopeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a user-facing message. */
    public ImageLoadException(String message) {
        super(message);
    }

    /** Creates the exception with a user-facing message and its cause. */
    public ImageLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
