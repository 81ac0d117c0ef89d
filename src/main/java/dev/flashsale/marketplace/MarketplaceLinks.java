package dev.flashsale.marketplace;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import dev.flashsale.catalog.Product;
import dev.flashsale.marketplace.coupang.CoupangClient;
import dev.flashsale.marketplace.coupang.CoupangDeeplink;
import dev.flashsale.marketplace.coupang.ExpiringCache;
import dev.flashsale.marketplace.kurly.KurlyLinks;
import dev.flashsale.marketplace.kurly.KurlyPriceSource;
import reactor.core.publisher.Mono;

/**
 * Where checkout sends a shopper: a tracked Coupang deeplink when the Partners API is configured
 * and answers, else the plain product page; the Kurly goods page. Empty when the product is not
 * sold there. A Coupang outage degrades to the untracked link instead of failing the checkout.
 */
@Service
public class MarketplaceLinks {

    private static final Logger log = LoggerFactory.getLogger(MarketplaceLinks.class);

    private final CoupangClient coupang;
    private final ExpiringCache<String, String> deeplinks;

    MarketplaceLinks(ObjectProvider<CoupangClient> coupang, Clock clock) {
        this.coupang = coupang.getIfAvailable();
        // A deeplink is an address, not product data, so the five-minute rule does not bind it.
        this.deeplinks = new ExpiringCache<>(Duration.ofHours(6), 10_000, clock);
    }

    public Mono<String> checkoutUrl(Product product, Marketplace marketplace) {
        return switch (marketplace) {
            case COUPANG -> coupangUrl(product);
            case KURLY -> Mono.justOrEmpty(KurlyPriceSource.goodsNo(product).map(KurlyLinks::goodsUrl));
        };
    }

    private Mono<String> coupangUrl(Product product) {
        String url = product.coupangUrl();
        if (url == null || url.isBlank()) {
            return Mono.empty();
        }
        if (coupang == null) {
            return Mono.just(url);
        }
        return deeplinks.get(url, () -> coupang.deeplinks(List.of(url))
                        .flatMap(links -> Mono.justOrEmpty(links.stream().map(CoupangDeeplink::shortenUrl)
                                .filter(s -> s != null && !s.isBlank()).findFirst())))
                .onErrorResume(e -> {
                    log.info("No Coupang deeplink for product {}, using the plain link: {}", product.id(), e.toString());
                    return Mono.empty();
                })
                .defaultIfEmpty(url);
    }
}
