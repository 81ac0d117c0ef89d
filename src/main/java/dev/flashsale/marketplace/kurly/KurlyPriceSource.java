package dev.flashsale.marketplace.kurly;

import java.time.Clock;
import java.util.Optional;

import dev.flashsale.catalog.Product;
import dev.flashsale.marketplace.Marketplace;
import dev.flashsale.marketplace.MarketplaceOffer;
import dev.flashsale.marketplace.MarketplacePriceSource;
import reactor.core.publisher.Mono;

/** Kurly prices through whatever {@link KurlyProductData} the operator plugged in. */
public final class KurlyPriceSource implements MarketplacePriceSource {

    private final KurlyProductData data;
    private final Clock clock;

    public KurlyPriceSource(KurlyProductData data, Clock clock) {
        this.data = data;
        this.clock = clock;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.KURLY;
    }

    @Override
    public boolean lists(Product product) {
        return goodsNo(product).isPresent();
    }

    @Override
    public Mono<MarketplaceOffer> offer(Product product) {
        return Mono.justOrEmpty(goodsNo(product))
                .flatMap(no -> data.goods(no).map(g -> new MarketplaceOffer(product.id(), Marketplace.KURLY, no,
                        g.price(), !g.soldOut(), KurlyLinks.goodsUrl(no), clock.instant())));
    }

    public static Optional<String> goodsNo(Product product) {
        if (product.kurlyGoodsNo() != null && !product.kurlyGoodsNo().isBlank()) {
            return Optional.of(product.kurlyGoodsNo());
        }
        return KurlyLinks.goodsNo(product.kurlyUrl());
    }
}
