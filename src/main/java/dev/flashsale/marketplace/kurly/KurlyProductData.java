package dev.flashsale.marketplace.kurly;

import reactor.core.publisher.Mono;

/**
 * Where Kurly prices come from. Kurly publishes no partner API, so there is no implementation
 * here: an operator plugs one in (a feed from the Kurly account manager, a licensed data
 * provider) as a bean and sets {@code flashsale.marketplace.kurly.enabled=true}. Empty means unknown goods.
 */
public interface KurlyProductData {

    record KurlyGoods(String goodsNo, String name, long price, boolean soldOut) {
    }

    Mono<KurlyGoods> goods(String goodsNo);
}
