package dev.processledger.security;

import dev.processledger.support.H2Store;

/** OrganisationIsolationContract on the embedded H2 file store. */
@H2Store
class OrganisationIsolationH2Test extends OrganisationIsolationContract {
}
