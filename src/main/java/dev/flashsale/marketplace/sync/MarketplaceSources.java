package dev.flashsale.marketplace.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.flashsale.marketplace.MarketplacePriceSource;
import dev.flashsale.marketplace.MarketplaceProperties;
import dev.flashsale.marketplace.coupang.CoupangClient;
import dev.flashsale.marketplace.coupang.CoupangPriceSource;
import dev.flashsale.marketplace.kurly.KurlyPriceSource;
import dev.flashsale.marketplace.kurly.KurlyProductData;

/** The price sources in use: Coupang when credentials are set, Kurly when switched on and plugged in. */
@Component
class MarketplaceSources {

    private final List<MarketplacePriceSource> sources;

    MarketplaceSources(ObjectProvider<CoupangClient> coupang, ObjectProvider<KurlyProductData> kurly,
            MarketplaceProperties props, Clock clock) {
        List<MarketplacePriceSource> list = new ArrayList<>();
        coupang.ifAvailable(client -> list.add(new CoupangPriceSource(client, props.coupang(), clock)));
        if (props.kurly().enabled()) {
            kurly.ifAvailable(data -> list.add(new KurlyPriceSource(data, clock)));
        }
        this.sources = List.copyOf(list);
    }

    List<MarketplacePriceSource> all() {
        return sources;
    }
}
