package dev.processledger.security;

import dev.processledger.support.H2Store;

/** SecurityApiContract on the embedded H2 file store. */
@H2Store
class SecurityApiH2Test extends SecurityApiContract {}
