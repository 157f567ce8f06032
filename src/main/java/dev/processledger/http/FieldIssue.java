package dev.processledger.http;

/** One problem with one member of a request, reported in a 400's {@code details}. */
public record FieldIssue(String field, String message) {}
