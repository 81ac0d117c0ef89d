package dev.flashsale.marketplace.sync;

import java.time.Instant;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import dev.flashsale.infra.db.ReadOnlyDatabase;
import dev.flashsale.marketplace.Marketplace;
import dev.flashsale.marketplace.MarketplaceOffer;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

/** Postgres side of the marketplace feature: observations, alerts and sync runs. */
@Repository
public class MarketplaceStore {

    private final DatabaseClient db;
    private final ReadOnlyDatabase reads;

    MarketplaceStore(DatabaseClient db, ReadOnlyDatabase reads) {
        this.db = db;
        this.reads = reads;
    }

    Mono<Void> saveObservation(MarketplaceOffer o) {
        var spec = db.sql("""
                insert into marketplace_price_observation
                  (product_id, marketplace, external_id, price, available, url, observed_at)
                values (:productId, :marketplace, :externalId, :price, :available, :url, :observedAt)""")
                .bind("productId", o.productId()).bind("marketplace", o.marketplace().name())
                .bind("price", o.price()).bind("available", o.available()).bind("observedAt", o.observedAt());
        spec = nullable(spec, "externalId", o.externalId(), String.class);
        spec = nullable(spec, "url", o.url(), String.class);
        return spec.then();
    }

    /** The newest observation per marketplace for each product. */
    public Mono<List<MarketplaceOffer>> latest(long productId) {
        return db.sql("""
                select distinct on (marketplace) product_id, marketplace, external_id, price, available, url, observed_at
                from marketplace_price_observation where product_id = :productId
                order by marketplace, observed_at desc, id desc""")
                .bind("productId", productId)
                .map(MarketplaceStore::offer)
                .all().collectList();
    }

    /** Inserts the alert unless the same one was raised before; true when it is new. */
    Mono<Boolean> raise(MarketplaceOffer o, PriceDrift.Alert a) {
        var spec = db.sql("""
                insert into marketplace_price_alert
                  (product_id, sale_id, marketplace, reason, marketplace_price, previous_price, our_price,
                   change_percent, observed_at)
                values (:productId, :saleId, :marketplace, :reason, :price, :previousPrice, :ourPrice,
                        :changePercent, :observedAt)
                on conflict on constraint marketplace_price_alert_once do nothing""")
                .bind("productId", o.productId()).bind("marketplace", o.marketplace().name())
                .bind("reason", a.reason().name()).bind("price", o.price()).bind("observedAt", o.observedAt());
        spec = nullable(spec, "saleId", a.saleId(), Long.class);
        spec = nullable(spec, "previousPrice", a.previousPrice(), Long.class);
        spec = nullable(spec, "ourPrice", a.ourPrice(), Long.class);
        spec = nullable(spec, "changePercent", a.changePercent(), Integer.class);
        return spec.fetch().rowsUpdated().map(n -> n > 0);
    }

    /** The admin's alert list, from the replica when there is one. */
    Mono<List<PriceAlertView>> recentAlerts(int limit) {
        return reads.read(replica -> replica.sql("""
                select id, product_id, sale_id, marketplace, reason, marketplace_price, previous_price, our_price,
                       change_percent, observed_at, created_at
                from marketplace_price_alert order by created_at desc, id desc limit :limit""")
                .bind("limit", limit)
                .map(r -> new PriceAlertView(r.get("id", Long.class), r.get("product_id", Long.class),
                        r.get("sale_id", Long.class), Marketplace.valueOf(r.get("marketplace", String.class)),
                        r.get("reason", String.class), r.get("marketplace_price", Long.class),
                        r.get("previous_price", Long.class), r.get("our_price", Long.class),
                        r.get("change_percent", Integer.class), r.get("observed_at", Instant.class),
                        r.get("created_at", Instant.class)))
                .all().collectList());
    }

    Mono<Long> startRun(String instanceId, String trigger, Instant startedAt) {
        return db.sql("""
                insert into marketplace_sync_run (instance_id, trigger, started_at, outcome)
                values (:instance, :trigger, :startedAt, 'RUNNING') returning id""")
                .bind("instance", instanceId).bind("trigger", trigger).bind("startedAt", startedAt)
                .map(r -> r.get("id", Long.class)).one();
    }

    Mono<Void> finishRun(SyncRun run) {
        var spec = db.sql("""
                update marketplace_sync_run set finished_at = :finishedAt, outcome = :outcome, checked = :checked,
                  updated = :updated, deferred = :deferred, failed = :failed, alerts = :alerts, message = :message
                where id = :id""")
                .bind("id", run.id()).bind("finishedAt", run.finishedAt()).bind("outcome", run.outcome().name())
                .bind("checked", run.checked()).bind("updated", run.updated()).bind("deferred", run.deferred())
                .bind("failed", run.failed()).bind("alerts", run.alerts());
        return nullable(spec, "message", run.message() == null ? null : truncate(run.message()), String.class).then();
    }

    Mono<SyncRun> lastRun() {
        return db.sql("select * from marketplace_sync_run order by started_at desc, id desc limit 1")
                .map(r -> new SyncRun(r.get("id", Long.class), r.get("instance_id", String.class),
                        r.get("trigger", String.class), r.get("started_at", Instant.class),
                        r.get("finished_at", Instant.class), SyncRun.Outcome.valueOf(r.get("outcome", String.class)),
                        r.get("checked", Integer.class), r.get("updated", Integer.class),
                        r.get("deferred", Integer.class), r.get("failed", Integer.class),
                        r.get("alerts", Integer.class), r.get("message", String.class)))
                .one();
    }

    private static MarketplaceOffer offer(Readable r) {
        return new MarketplaceOffer(r.get("product_id", Long.class),
                Marketplace.valueOf(r.get("marketplace", String.class)), r.get("external_id", String.class),
                r.get("price", Long.class), Boolean.TRUE.equals(r.get("available", Boolean.class)),
                r.get("url", String.class), r.get("observed_at", Instant.class));
    }

    private static <T> DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name,
            T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static String truncate(String s) {
        return s.length() > 1000 ? s.substring(0, 1000) : s;
    }
}
