package io.jobtail.api.streaming;

import java.util.Objects;

/**
 * How a stream ended, on the sending side.
 *
 * @param returnCode {@link ReturnCode#OK} when the receiver acknowledged the end
 * @param offset the number of bytes the receiver acknowledged holding
 * @param detail what went wrong, for a person; empty on success
 */
public record StreamResult(ReturnCode returnCode, long offset, String detail) {
    public StreamResult {
        Objects.requireNonNull(returnCode, "returnCode");
        detail = detail == null ? "" : detail;
    }

    public boolean isOk() {
        return returnCode == ReturnCode.OK;
    }
}
