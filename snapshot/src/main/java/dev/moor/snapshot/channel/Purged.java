package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Optional;

/**
 * The edge did the {@link Purge} of this id, or could not.
 *
 * @param removed how many stored URIs (each with its variants) it removed, from memory and disk
 * @param problem why it could not, when it could not
 */
@JsonTypeName("purged")
public record Purged(long id, long removed, Optional<String> problem) implements ChannelMessage {
    public Purged {
        problem = problem == null ? Optional.empty() : problem;
    }
}
