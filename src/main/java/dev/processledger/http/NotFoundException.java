package dev.processledger.http;

/** The resource does not exist for the caller (which includes: it belongs to another organization). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
