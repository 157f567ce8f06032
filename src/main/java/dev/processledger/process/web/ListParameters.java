package dev.processledger.process.web;

import dev.processledger.http.FieldRules;
import dev.processledger.platform.Namespaces;
import dev.processledger.process.api.ListProcessesQuery;
import dev.processledger.process.api.ProcessStatus;

/** Query parameters of {@code GET /processes}, as sent; {@link #toQuery} checks them all. */
record ListParameters(String status, String namespace, String search, String sort, String limit, String offset) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    /**
     * A namespace may be given short ({@code deployments}) or as the response shows it
     * ({@code <orgId>.deployments}); both name the same namespace of the caller's organization.
     */
    ListProcessesQuery toQuery(String orgId) {
        FieldRules rules = new FieldRules();
        ProcessStatus statusFilter = null;
        if (status != null) {
            statusFilter = ProcessStatus.fromWireName(status).orElse(null);
            rules.check(statusFilter != null, "status", "status must be one of running, completed, failed");
        }
        if (namespace != null) {
            rules.text(
                    "namespace",
                    Namespaces.shortForm(orgId, namespace),
                    1,
                    100,
                    Namespaces.SHORT_FORM,
                    Namespaces.SHORT_FORM_HINT);
        }
        rules.optionalText("search", search, 200);
        rules.check(
                sort == null || sort.equals("newest") || sort.equals("oldest"),
                "sort",
                "sort must be newest or oldest");
        int pageSize = (int) rules.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        int skip = (int) rules.integer("offset", offset, 0, 0, Integer.MAX_VALUE);
        rules.throwIfAny();
        String fullNamespace = namespace == null ? null : Namespaces.qualified(orgId, namespace);
        String searchText = search == null || search.isEmpty() ? null : search;
        return new ListProcessesQuery(
                orgId, statusFilter, fullNamespace, searchText, !"oldest".equals(sort), pageSize, skip);
    }
}
