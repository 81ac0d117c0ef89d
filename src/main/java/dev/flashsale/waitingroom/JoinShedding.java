package dev.flashsale.waitingroom;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.web.PathShedding;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load shedding for joins ({@code flashsale.waiting-room.join-shedding}), apart from the reserve
 * path's limit: a burst of joins beyond what the instance answers in time is told to come back in a
 * second, having joined nothing, and leaves the CPU to the reserves of admitted shoppers. A shed
 * join's retry joins then (the ticket of a shopper who did join is answered again).
 */
@Component
@Order(-150) // before Spring Security's chain (-100)
class JoinShedding extends PathShedding {

    JoinShedding(WaitingRoomProperties props, JsonMapper json, MeterRegistry registry) {
        super(HttpMethod.POST, "/api/sales/{saleId}/queue", "flashsale.queue.join", "Waiting-room joins", "you have not joined yet",
                props.joinShedding(), json, registry);
    }
}
