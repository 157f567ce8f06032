package dev.processledger.analytics;

/**
 * The processes of one organization with the same namespace and name, e.g. the deployments of one service: whether
 * a failure among them is waiting for the next completion (an open incident), since when, and the hour the failed
 * process started.
 */
final class Series {

    Long openSince;
    Long openHour;
    boolean stored;
    boolean changed;

    record Key(String org, String namespace, String name) {}
}
