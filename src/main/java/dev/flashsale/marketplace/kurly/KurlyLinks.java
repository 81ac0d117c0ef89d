package dev.flashsale.marketplace.kurly;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kurly goods pages, {@code https://www.kurly.com/goods/{goodsNo}}: the only public, stable Kurly URL. */
public final class KurlyLinks {

    private static final Pattern GOODS = Pattern.compile("^https://(?:www\\.)?kurly\\.com/goods/([0-9]{1,20})(?:[/?#].*)?$");

    private KurlyLinks() {
    }

    public static String goodsUrl(String goodsNo) {
        if (goodsNo == null || !goodsNo.matches("[0-9]{1,20}")) {
            throw new IllegalArgumentException("Kurly goods numbers are digits, got " + goodsNo);
        }
        return "https://www.kurly.com/goods/" + goodsNo;
    }

    public static Optional<String> goodsNo(String url) {
        if (url == null) {
            return Optional.empty();
        }
        Matcher m = GOODS.matcher(url.strip());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
