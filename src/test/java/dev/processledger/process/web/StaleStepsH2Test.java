package dev.processledger.process.web;

import dev.processledger.support.H2Store;

/** StaleStepsContract on the embedded H2 file store. */
@H2Store
class StaleStepsH2Test extends StaleStepsContract {}
