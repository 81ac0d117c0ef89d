package dev.flashsale.waitingroom;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Service;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import reactor.core.publisher.Mono;

/** What a shopper does with a sale's waiting room: join, poll, and read the draw. */
@Service
class WaitingRoom {

    private final WaitingRooms rooms;
    private final SaleQueries sales;
    private final Queue queue;
    private final AdmissionTokens tokens;
    private final QueueMetrics metrics;
    private final JoinChallenge challenge;
    private final Clock clock;

    WaitingRoom(WaitingRooms rooms, SaleQueries sales, Queue queue, AdmissionTokens tokens, QueueMetrics metrics,
            JoinChallenge challenge, Clock clock) {
        this.challenge = challenge;
        this.rooms = rooms;
        this.sales = sales;
        this.queue = queue;
        this.tokens = tokens;
        this.metrics = metrics;
        this.clock = clock;
    }

    Mono<Ticket> join(long saleId, String shopper, String challengeResponse) {
        return rooms.loaded().then(sales.sale(saleId)).flatMap(sale -> {
            RoomSettings room = rooms.enabled(saleId).orElseThrow(() -> noRoom(saleId));
            return challenge.passes(saleId, shopper, challengeResponse).flatMap(passed -> passed
                    ? queue.join(sale, room, shopper, "").doOnNext(reply -> {
                        if (reply.code() == QueueCode.OK) {
                            metrics.joined();
                        }
                    })
                    : Mono.error(new ApiException(ProblemType.CHALLENGE_FAILED, "The bot check refused this join.")))
                    .map(reply -> answer(sale, shopper, reply));
        });
    }

    Mono<Ticket> ticket(long saleId, String shopper) {
        return rooms.loaded().then(sales.sale(saleId)).flatMap(sale -> {
            RoomSettings room = rooms.enabled(saleId).orElseThrow(() -> noRoom(saleId));
            return queue.ticket(sale, room, shopper, "").map(reply -> answer(sale, shopper, reply));
        });
    }

    /** The draw of a sale that has (or had) a room: public, so anyone can check it. */
    Mono<Queue.Draw> draw(long saleId) {
        return rooms.loaded().then(sales.sale(saleId)).flatMap(sale -> {
            rooms.room(saleId).orElseThrow(() -> noRoom(saleId));
            return queue.draw(saleId);
        });
    }

    /** A script's reply as the shopper sees it: with a freshly minted admission token when admitted. */
    Ticket answer(Sale sale, String shopper, Queue.QueueReply reply) {
        if (reply.code() != QueueCode.OK) {
            throw new ApiException(reply.code().problem(), reply.code().detail());
        }
        if ("ADMITTED".equals(reply.status())) {
            Instant expiresAt = Instant.ofEpochMilli(reply.deadline());
            String token = tokens.mint(sale.id(), shopper, reply.jti(), clock.instant(), expiresAt);
            return new Ticket(reply.ticket(), null, null, null, reply.status(), token, expiresAt);
        }
        if (reply.rank() < 0 || "PRE_QUEUE".equals(reply.status())) {
            return new Ticket(reply.ticket(), null, null, null, reply.status(), null, null);
        }
        Double estimate = reply.estimateMillis() < 0 ? null : reply.estimateMillis() / 1000.0;
        return new Ticket(reply.ticket(), reply.rank() + 1, reply.rank(), estimate, reply.status(), null, null);
    }

    private static ApiException noRoom(long saleId) {
        return new ApiException(ProblemType.QUEUE_NOT_FOUND, "Sale " + saleId + " has no waiting room.");
    }
}
