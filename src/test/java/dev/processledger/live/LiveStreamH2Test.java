package dev.processledger.live;

import dev.processledger.support.H2Store;

/** LiveStreamContract on the embedded H2 file store. */
@H2Store
class LiveStreamH2Test extends LiveStreamContract {}
