package io.jobtail.transport.http;

import java.util.Optional;

/**
 * Maps a presented bearer token to the name it was issued to.
 *
 * <p>Called on server worker threads, possibly several at once: implementations must be
 * thread-safe and should not block. {@link SiteTokens} is the file-backed implementation.
 */
@FunctionalInterface
public interface TokenAuthenticator {

    /**
     * @param token the token as presented, never null
     * @return the site (or operator) name it belongs to, or empty if it belongs to nobody
     */
    Optional<String> authenticate(String token);
}
