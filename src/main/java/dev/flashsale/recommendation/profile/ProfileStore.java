package dev.flashsale.recommendation.profile;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import dev.flashsale.recommendation.engine.PriceBand;
import dev.flashsale.infra.db.ReadOnlyDatabase;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

/** Reads and writes {@code shopper_profile}; a missing row reads as the empty profile. */
@Repository
public class ProfileStore {

    private final DatabaseClient db;
    private final ReadOnlyDatabase reads;

    ProfileStore(DatabaseClient db, ReadOnlyDatabase reads) {
        this.db = db;
        this.reads = reads;
    }

    /** The shopper's own profile as they last saved it: on the primary, so a save is seen at once. */
    public Mono<ShopperProfile> find(String shopperId) {
        return find(db, shopperId);
    }

    /** The profile as ranking input, from the replica when there is one: a save a moment old may not count yet. */
    public Mono<ShopperProfile> findForRanking(String shopperId) {
        return reads.read(replica -> find(replica, shopperId));
    }

    /** Shopper id to age band, for shoppers who gave one: the segments of segment popularity (a model input). */
    public Mono<Map<String, String>> ageBands() {
        return reads.read(replica -> replica.sql("select shopper_id, age_band from shopper_profile where age_band is not null")
                .map(row -> Map.entry(row.get("shopper_id", String.class), row.get("age_band", String.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Mono<ShopperProfile> find(DatabaseClient on, String shopperId) {
        return on.sql("select * from shopper_profile where shopper_id = :id").bind("id", shopperId)
                .map(ProfileStore::profile).one()
                .defaultIfEmpty(ShopperProfile.empty(shopperId));
    }

    Mono<ShopperProfile> save(String shopperId, ProfileRequest request, Instant now) {
        List<String> categories = request.preferredCategories() == null ? List.of()
                : request.preferredCategories().stream().map(String::strip).distinct().toList();
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                insert into shopper_profile (shopper_id, age_band, region, preferred_categories, price_band, updated_at)
                values (:id, :age, :region, :categories, :band, :now)
                on conflict (shopper_id) do update set age_band = excluded.age_band, region = excluded.region,
                    preferred_categories = excluded.preferred_categories, price_band = excluded.price_band,
                    updated_at = excluded.updated_at""")
                .bind("id", shopperId)
                .bind("categories", categories.toArray(String[]::new))
                .bind("now", now);
        spec = bindNullable(spec, "age", request.ageBand() == null ? null : request.ageBand().name());
        spec = bindNullable(spec, "region", request.region() == null ? null : request.region().strip());
        spec = bindNullable(spec, "band", request.priceBand() == null ? null : request.priceBand().name());
        return spec.fetch().rowsUpdated().then(find(shopperId));
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec, String name,
            String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static ShopperProfile profile(Readable row) {
        String age = row.get("age_band", String.class);
        String band = row.get("price_band", String.class);
        String[] categories = row.get("preferred_categories", String[].class);
        return new ShopperProfile(row.get("shopper_id", String.class), age == null ? null : AgeBand.valueOf(age),
                row.get("region", String.class), categories == null ? List.of() : Arrays.asList(categories),
                band == null ? null : PriceBand.valueOf(band), row.get("updated_at", Instant.class));
    }
}
