package dev.flashsale;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class FlashSaleApplication {
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(FlashSaleApplication.class);
        // a person started this (spring-boot:run, java -jar), not a test: in standalone mode the sale
        // page opens in their browser unless --flashsale.sale-page.open-browser=false (demo/SalePageLauncher)
        app.setDefaultProperties(Map.of("flashsale.sale-page.open-browser", "true"));
        app.run(args);
    }
}
