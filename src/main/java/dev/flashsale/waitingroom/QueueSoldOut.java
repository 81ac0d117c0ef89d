package dev.flashsale.waitingroom;

/**
 * Published on each instance by its admission tick when a room's sale has no unit left for those
 * queued (it was not so at this instance's previous tick): the notification feature tells the
 * shoppers it last told a place at once, instead of at its next pass over every open stream.
 */
public record QueueSoldOut(long saleId) {
}
