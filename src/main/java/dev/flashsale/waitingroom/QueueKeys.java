package dev.flashsale.waitingroom;

import dev.flashsale.reservation.SaleKeys;

/**
 * Every Redis key of one sale's waiting room, built here only: under the sale's hash tag, so each
 * queue script touches one Cluster slot (the slot of the engine's keys, whose stock hash the
 * admission reads, and whose waitlist offers let an offer holder reserve without admission). Layout and meaning: {@code lua/lib/queue.lua}.
 */
record QueueKeys(String meta, String queue, String tickets, String state, String admitted, String seen, String stock,
        String est, String log, String offers) {

    static QueueKeys of(long saleId) {
        SaleKeys sale = new SaleKeys(saleId);
        String room = sale.prefix() + "wr:";
        return new QueueKeys(room + "meta", room + "queue", room + "tickets", room + "state", room + "admitted",
                room + "seen", sale.stock(), room + "est", room + "log", sale.offers());
    }

    /** KEYS[1..8] of queue_join, queue_ticket, queue_watch and queue_admit. */
    String[] room() {
        return new String[] {meta, queue, tickets, state, admitted, seen, stock, est};
    }

    /** Every key the room owns (not the engine's stock and offers hashes), for cleanup. */
    String[] owned() {
        return new String[] {meta, queue, tickets, state, admitted, seen, est, log};
    }
}
