package dev.processledger.process.web;

import dev.processledger.support.H2Store;

/** ProjectionRebuildContract on the embedded H2 file store. */
@H2Store
class ProjectionRebuildH2Test extends ProjectionRebuildContract {}
