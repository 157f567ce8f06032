package dev.processledger.process.web;

import dev.processledger.support.H2Store;

/** TaskApiContract on the embedded H2 file store. */
@H2Store
class TaskApiH2Test extends TaskApiContract {}
