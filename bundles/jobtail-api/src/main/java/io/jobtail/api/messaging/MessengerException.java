package io.jobtail.api.messaging;

import io.jobtail.api.streaming.ReturnCode;
import java.io.IOException;
import java.util.Objects;

/** A request that got no reply: why, as a {@link ReturnCode}, and what happened. */
public class MessengerException extends IOException {
    private static final long serialVersionUID = 1L;

    private final ReturnCode returnCode;

    /**
     * @param returnCode {@link ReturnCode#COMMUNICATION_ERROR} (unreachable, connection broke),
     *     {@link ReturnCode#TIMEOUT} (no reply in time) or {@link ReturnCode#UNAUTHORIZED}
     */
    public MessengerException(ReturnCode returnCode, String message, Throwable cause) {
        super(message, cause);
        this.returnCode = Objects.requireNonNull(returnCode, "returnCode");
    }

    public MessengerException(ReturnCode returnCode, String message) {
        this(returnCode, message, null);
    }

    public ReturnCode returnCode() {
        return returnCode;
    }
}
