package dev.flashsale.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flashsale.sale-page.open-browser}: open the sale page in the desktop's browser once the
 * standalone service is ready. Off unless set: {@code FlashSaleApplication.main} (what
 * {@code ./mvnw spring-boot:run} and {@code java -jar} run) sets it by default, tests never do.
 */
@ConfigurationProperties("flashsale.sale-page")
record SalePageProperties(@DefaultValue("false") boolean openBrowser) {
}
