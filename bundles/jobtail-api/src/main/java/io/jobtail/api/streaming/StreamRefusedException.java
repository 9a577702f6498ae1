package io.jobtail.api.streaming;

import java.util.Objects;

/** A receiver's refusal: the code the sender gets and why. */
public class StreamRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ReturnCode returnCode;

    public StreamRefusedException(ReturnCode returnCode, String message) {
        super(message);
        this.returnCode = Objects.requireNonNull(returnCode, "returnCode");
    }

    public ReturnCode returnCode() {
        return returnCode;
    }
}
