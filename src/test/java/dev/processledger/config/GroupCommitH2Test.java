package dev.processledger.config;

import dev.processledger.support.H2Store;

/** GroupCommitContract on the embedded H2 file store. */
@H2Store
class GroupCommitH2Test extends GroupCommitContract {}
