package dev.flashsale.reservation;

/**
 * Lets another module hold expiry back for a moment: while {@link #open()} is false the sweeper and the
 * expired-key listener expire nothing (holds past their deadline wait in the deadline set and go at the
 * next open tick). The ledger closes it after every Redis (re)connection until the paid holds Redis may
 * have lost are repaired, so that a hold whose payment the ledger has is not expired and re-sold first.
 */
public interface ExpiryGate {

    boolean open();
}
