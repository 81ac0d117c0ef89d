package dev.flashsale.reservation;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.web.PathShedding;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load shedding for the reserve path ({@code flashsale.reservation.shedding}): a shed reserve took
 * nothing, so its retry with the same Idempotency-Key gets the truth.
 */
@Component
@Order(-150) // before Spring Security's chain (-100)
class ReserveShedding extends PathShedding {

    ReserveShedding(ReservationProperties props, JsonMapper json, MeterRegistry registry) {
        super(HttpMethod.POST, "/api/sales/{saleId}/reservations", "flashsale.reserve", "Reserve requests", "nothing was reserved",
                props.shedding(), json, registry);
    }
}
