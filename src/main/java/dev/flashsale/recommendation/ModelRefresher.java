package dev.flashsale.recommendation;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.CatalogSnapshot;
import dev.flashsale.recommendation.engine.Interaction;
import dev.flashsale.recommendation.engine.KoreanText;
import dev.flashsale.recommendation.engine.ModelSettings;
import dev.flashsale.recommendation.engine.RecommendationModel;
import dev.flashsale.recommendation.profile.ProfileStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Rebuilds the model from the catalog and the retained behaviour on a worker thread (every
 * {@code refresh-interval}, see {@link BackgroundJobs}) and swaps it in whole; requests read
 * whichever model is current and never wait for a build. A product the model has not seen yet
 * (created since the last build) asks for an early rebuild, at most one at a time.
 */
@Component
class ModelRefresher {

    private static final Logger log = LoggerFactory.getLogger(ModelRefresher.class);

    private final CatalogCache catalog;
    private final BehaviourEvents events;
    private final ProfileStore profiles;
    private final KoreanText text;
    private final ModelSettings settings;
    private final RecommendationProperties props;
    private final Clock clock;
    private final AtomicBoolean building = new AtomicBoolean();
    private volatile RecommendationModel current = RecommendationModel.empty();

    ModelRefresher(CatalogCache catalog, BehaviourEvents events, ProfileStore profiles, KoreanText text,
            ModelSettings settings, RecommendationProperties props, Clock clock) {
        this.catalog = catalog;
        this.events = events;
        this.profiles = profiles;
        this.text = text;
        this.settings = settings;
        this.props = props;
        this.clock = clock;
    }

    RecommendationModel current() {
        return current;
    }

    Mono<RecommendationModel> refresh() {
        return catalog.snapshot().flatMap(snapshot -> Mono.zip(
                        events.summarySince(clock.instant().minus(props.retention()))
                                .mapNotNull(e -> CatalogMapping.interaction(snapshot, e).orElse(null))
                                .collectList(),
                        profiles.ageBands())
                .publishOn(Schedulers.boundedElastic())
                .map(t -> build(snapshot, t.getT1(), t.getT2())))
                .doOnNext(model -> current = model);
    }

    /** Starts a rebuild unless one is running; never waits for it. */
    void refreshSoon() {
        if (building.compareAndSet(false, true)) {
            refresh().doFinally(s -> building.set(false))
                    .subscribe(m -> { }, e -> log.warn("Early model rebuild failed: {}", e.toString()));
        }
    }

    private RecommendationModel build(CatalogSnapshot snapshot, List<Interaction> interactions,
            Map<String, String> ageBands) {
        long started = System.nanoTime();
        RecommendationModel model = RecommendationModel.build(CatalogMapping.items(snapshot), interactions, ageBands,
                text, settings, clock.instant());
        log.debug("Recommendation model: {} items, {} interactions, {} ms", model.size(), interactions.size(),
                (System.nanoTime() - started) / 1_000_000);
        return model;
    }
}
