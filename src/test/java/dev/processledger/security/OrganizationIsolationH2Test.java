package dev.processledger.security;

import dev.processledger.support.H2Store;

/** OrganizationIsolationContract on the embedded H2 file store. */
@H2Store
class OrganizationIsolationH2Test extends OrganizationIsolationContract {}
