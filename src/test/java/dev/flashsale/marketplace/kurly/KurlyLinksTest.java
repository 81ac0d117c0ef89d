package dev.flashsale.marketplace.kurly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KurlyLinksTest {

    @Test
    void goodsNumberIsReadFromGoodsPages() {
        assertThat(KurlyLinks.goodsNo("https://www.kurly.com/goods/5051234")).contains("5051234");
        assertThat(KurlyLinks.goodsNo("https://kurly.com/goods/42?utm_source=x")).contains("42");
    }

    @Test
    void otherUrlsHaveNoGoodsNumber() {
        assertThat(KurlyLinks.goodsNo("https://www.kurly.com/search?sword=딸기")).isEmpty();
        assertThat(KurlyLinks.goodsNo("https://evil.example/goods/1?https://www.kurly.com/goods/2")).isEmpty();
        assertThat(KurlyLinks.goodsNo(null)).isEmpty();
    }

    @Test
    void goodsUrlIsBuiltOnlyFromDigits() {
        assertThat(KurlyLinks.goodsUrl("5051234")).isEqualTo("https://www.kurly.com/goods/5051234");
        assertThatThrownBy(() -> KurlyLinks.goodsUrl("1/../../admin")).isInstanceOf(IllegalArgumentException.class);
    }
}
