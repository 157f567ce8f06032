package dev.processledger.audit;

import dev.processledger.support.H2Store;

/** AuditApiContract on the embedded H2 file store. */
@H2Store
class AuditApiH2Test extends AuditApiContract {}
