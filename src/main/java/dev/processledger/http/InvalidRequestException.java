package dev.processledger.http;

import java.util.List;

/** A request that breaks the API's rules; answered with 400 and one {@link FieldIssue} per broken rule. */
public class InvalidRequestException extends RuntimeException {

    private final transient List<FieldIssue> issues;

    public InvalidRequestException(List<FieldIssue> issues) {
        super(
                issues.isEmpty()
                        ? "invalid request"
                        : issues.get(0).field() + ": " + issues.get(0).message(),
                null,
                false,
                false);
        this.issues = List.copyOf(issues);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldIssue(field, message)));
    }

    public List<FieldIssue> issues() {
        return issues;
    }
}
