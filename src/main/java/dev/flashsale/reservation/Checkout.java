package dev.flashsale.reservation;

import java.time.Instant;

import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Product;
import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import reactor.core.publisher.Mono;

/**
 * Sends a shopper with a live hold to the marketplace page. The reservation id rides along as a
 * tracking parameter so the marketplace's order report (webhook) can name the hold it pays for.
 * The hold stays HELD until paid, released or expired.
 */
@Service
class Checkout {

    static final String TRACKING_PARAMETER = "fs_reservation";

    record Redirect(String redirectUrl, Instant expiresAt) {
    }

    private final Reservations reservations;
    private final CatalogCache catalog;

    Checkout(Reservations reservations, CatalogCache catalog) {
        this.reservations = reservations;
        this.catalog = catalog;
    }

    Mono<Redirect> start(String shopper, String id, Marketplace marketplace) {
        return reservations.ownedHold(shopper, id).flatMap(hold -> {
            if (hold.status() != ReservationStatus.HELD) {
                return Mono.error(Reservations.closed(id, hold.status().name()));
            }
            return catalog.snapshot().map(s -> {
                Product product = s.sale(hold.saleId()).flatMap(sale -> s.product(sale.productId())).orElseThrow();
                String page = marketplace == Marketplace.COUPANG ? product.coupangUrl() : product.kurlyUrl();
                if (page == null || page.isBlank()) {
                    throw new ApiException(ProblemType.MARKETPLACE_UNAVAILABLE,
                            "This product is not sold on " + marketplace + ".");
                }
                String url = UriComponentsBuilder.fromUriString(page).queryParam(TRACKING_PARAMETER, id).build().toUriString();
                return new Redirect(url, hold.expiresAt());
            });
        });
    }
}
