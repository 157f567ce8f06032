package dev.processledger.process.query;

import java.util.Arrays;
import java.util.List;

/** A process's task ids as its row stores them: comma-separated, in creation order; none is null. */
final class TaskIds {

    private TaskIds() {}

    static String join(List<String> ids) {
        return ids.isEmpty() ? null : String.join(",", ids);
    }

    static List<String> split(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
    }
}
