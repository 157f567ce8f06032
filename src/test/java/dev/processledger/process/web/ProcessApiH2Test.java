package dev.processledger.process.web;

import dev.processledger.support.H2Store;

/** ProcessApiContract on the embedded H2 file store. */
@H2Store
class ProcessApiH2Test extends ProcessApiContract {}
