package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.H2Store;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** TrackedEventsQueryContract on the embedded H2 file store, and the query plan that made it necessary. */
@H2Store
class TrackedEventsQueryH2Test extends TrackedEventsQueryContract {

    /** In H2's plan, an index read in full is named with no condition after its name. */
    private static final Pattern WHOLE_INDEX = Pattern.compile("/\\* PUBLIC\\.\\w+ \\*/");

    @Test
    void bothHalvesAreIndexLookupsWhereOneWhereWithOrReadsTheWholeTable() {
        String ours = TrackedEventsQuery.sql(schema, 2);
        String fields = "SELECT " + schema.trackedEventFields() + " FROM domain_event_entry WHERE ";
        String axons =
                fields + "(global_index > ? AND global_index <= ?) OR global_index IN (?,?) ORDER BY global_index";

        assertThat(plan(ours)).doesNotContainPattern(WHOLE_INDEX).doesNotContainIgnoringCase("tableScan");
        assertThat(plan(axons)).containsPattern(WHOLE_INDEX);
    }

    private String plan(String sql) {
        String bound = sql.replaceFirst("\\?", "10")
                .replaceFirst("\\?", "110")
                .replaceFirst("\\?", "3")
                .replaceFirst("\\?", "7");
        return String.join("\n", jdbc.queryForList("EXPLAIN " + bound, String.class));
    }
}
