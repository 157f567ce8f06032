package dev.processledger.process.web;

import dev.processledger.process.api.Actor;
import dev.processledger.security.TokenPrincipal;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;

/** Commands sent on behalf of the calling token: it becomes the actor of every event the command appends. */
final class CallerCommands {

    private CallerCommands() {}

    static CommandMessage<?> asCaller(Object command, TokenPrincipal caller) {
        return GenericCommandMessage.asCommandMessage(command)
                .andMetaData(new Actor(caller.tokenId().toString(), caller.name()).toMetaData());
    }
}
