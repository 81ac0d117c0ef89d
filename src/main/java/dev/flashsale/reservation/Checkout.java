package dev.flashsale.reservation;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Product;
import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import dev.flashsale.marketplace.Marketplace;
import dev.flashsale.marketplace.MarketplaceLinks;
import reactor.core.publisher.Mono;

/**
 * Sends a shopper with a live hold to the marketplace page (a tracked Coupang deeplink when the
 * Partners API is configured, else the product page). The reservation id rides along as a tracking
 * parameter so the marketplace's order report (webhook) can name the hold it pays for. The hold
 * stays HELD until paid, released or expired.
 */
@Service
class Checkout {

    static final String TRACKING_PARAMETER = "fs_reservation";

    record Redirect(String redirectUrl, Instant expiresAt) {
    }

    private final Reservations reservations;
    private final CatalogCache catalog;
    private final MarketplaceLinks links;

    Checkout(Reservations reservations, CatalogCache catalog, MarketplaceLinks links) {
        this.reservations = reservations;
        this.catalog = catalog;
        this.links = links;
    }

    Mono<Redirect> start(String shopper, String id, Marketplace marketplace) {
        return reservations.ownedHold(shopper, id).flatMap(hold -> {
            if (hold.status() != ReservationStatus.HELD) {
                return Mono.error(Reservations.closed(id, hold.status().name()));
            }
            return catalog.snapshot()
                    // a hold taken on another instance can name a sale this instance's catalog has not loaded yet
                    .flatMap(s -> Mono.justOrEmpty(s.sale(hold.saleId()).flatMap(sale -> s.product(sale.productId())))
                            .switchIfEmpty(Mono.error(() -> ApiException.retryLater(ProblemType.SERVICE_UNAVAILABLE,
                                    "This sale is not in this instance's catalog yet; try again in a moment.", Duration.ofSeconds(1)))))
                    .flatMap((Product product) -> links.checkoutUrl(product, marketplace))
                    .filter(page -> !page.isBlank())
                    .switchIfEmpty(Mono.error(() -> new ApiException(ProblemType.MARKETPLACE_UNAVAILABLE,
                            "This product is not sold on " + marketplace + ".")))
                    .map(page -> new Redirect(UriComponentsBuilder.fromUriString(page)
                            .queryParam(TRACKING_PARAMETER, id).build().toUriString(), hold.expiresAt()));
        });
    }
}
