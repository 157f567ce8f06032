package dev.processledger.process.web;

import dev.processledger.support.H2Store;
import org.springframework.context.annotation.Import;

/** Lost races where the command is handled in the sender's own instance (no Axon Server). */
@H2Store
@Import(LosingRaces.class)
class LostRacesTest extends LostRacesContract {}
