package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PagingTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode page(int total, int skip, int limit, boolean withTotal) {
        ObjectNode n = M.createObjectNode();
        ArrayNode data = n.putArray("data");
        for (int i = skip; i < Math.min(total, skip + limit); i++) {
            data.addObject().put("id", "item-" + i);
        }
        if (withTotal) {
            n.putObject("pagination").put("total", total).put("count", data.size()).put("skip", skip).put("limit", limit);
        }
        return n;
    }

    @Test
    void readsEveryPageUpToTheTotal() {
        List<Integer> skips = new ArrayList<>();
        List<JsonNode> all = VeeamApi.readAllPages(2, (skip, limit) -> {
            skips.add(skip);
            return page(5, skip, limit, true);
        });
        assertThat(all).extracting(n -> n.get("id").asText())
                .containsExactly("item-0", "item-1", "item-2", "item-3", "item-4");
        assertThat(skips).containsExactly(0, 2, 4);
    }

    @Test
    void serverWithASmallerPageLimitStillReadsAll() {
        // the server caps the page at 3 whatever limit is asked for
        List<JsonNode> all = VeeamApi.readAllPages(200, (skip, limit) -> page(7, skip, 3, true));
        assertThat(all).hasSize(7);
    }

    @Test
    void withoutPaginationStopsOnAShortPage() {
        List<Integer> skips = new ArrayList<>();
        List<JsonNode> all = VeeamApi.readAllPages(4, (skip, limit) -> {
            skips.add(skip);
            return page(6, skip, limit, false);
        });
        assertThat(all).hasSize(6);
        assertThat(skips).containsExactly(0, 4);
    }

    @Test
    void emptyList() {
        assertThat(VeeamApi.readAllPages(200, (skip, limit) -> page(0, skip, limit, true))).isEmpty();
    }
}
