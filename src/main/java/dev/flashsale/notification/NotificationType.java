package dev.flashsale.notification;

import java.time.Duration;

/**
 * What a shopper is told, with its Korean wording in this one place (plain sentences the sale page
 * shows as they are). {@code quantity} is the units concerned (for a waitlist position: the position),
 * {@code before} how long before a deadline the reminder goes out.
 */
public enum NotificationType {
    /** A waitlist offer: units kept for this shopper until the deadline. */
    OFFER("구매 기회가 왔어요"),
    /** The offer's claim window passed unclaimed. */
    OFFER_EXPIRED("구매 기회가 만료되었어요"),
    /** A hold {@code remind-before} its deadline, still not paid. */
    HOLD_EXPIRING("장바구니 만료 임박"),
    /** The marketplace reported the hold paid. */
    PAYMENT_CONFIRMED("결제 완료"),
    /** Live only (never stored): the shopper's place on a waitlist changed. */
    WAITLIST_POSITION("대기 순번"),
    /** Live only: the shopper's place in a sale's waiting room changed ({@code quantity}: the position, 0 before the draw). */
    QUEUE_POSITION("대기열 순서"),
    /** Live only: the waiting room admitted the shopper; the view carries the admission token. */
    QUEUE_ADMITTED("입장 차례"),
    /** Live only: no unit is left for those queued; held units that come back reopen admission. */
    QUEUE_SOLD_OUT("품절");

    private final String title;

    NotificationType(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    String message(int quantity, Duration before) {
        return switch (this) {
            case OFFER -> "기다리신 상품 " + quantity + "개를 지금 구매할 수 있습니다. 마감 전에 장바구니에 담아 주세요.";
            case OFFER_EXPIRED -> "구매 가능 시간이 지나 구매 기회가 만료되었습니다.";
            case HOLD_EXPIRING -> "장바구니에 담은 상품이 " + korean(before) + " 후 만료됩니다";
            case PAYMENT_CONFIRMED -> "결제가 완료되어 주문이 확정되었습니다.";
            case WAITLIST_POSITION -> "대기 순번 " + quantity + "번째입니다.";
            case QUEUE_POSITION -> quantity > 0 ? "대기열 " + quantity + "번째입니다."
                    : "대기열에 들어왔어요. 판매가 시작되면 순서를 공개 추첨해요.";
            case QUEUE_ADMITTED -> "입장 차례가 되었어요. 입장 시간 안에 장바구니에 담아 주세요.";
            case QUEUE_SOLD_OUT -> "품절되었어요. 대기 신청을 하면 취소되는 수량을 순서대로 받을 수 있어요.";
        };
    }

    /** "1분", "90초": whole minutes when it is, else seconds. */
    static String korean(Duration d) {
        long seconds = d.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + "분" : seconds + "초";
    }
}
