package dev.flashsale.reservation;

/** Where a shopper pays. */
public enum Marketplace {
    COUPANG, KURLY
}
