package dev.processledger.process.web;

import dev.processledger.support.H2Store;

/** IdempotencyContract on the embedded H2 file store. */
@H2Store
class IdempotencyH2Test extends IdempotencyContract {}
