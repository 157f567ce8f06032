package dev.processledger.process.web;

import dev.processledger.support.H2Store;

/** ProcessListContract on the embedded H2 file store. */
@H2Store
class ProcessListH2Test extends ProcessListContract {}
