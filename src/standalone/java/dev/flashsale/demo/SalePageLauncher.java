package dev.flashsale.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Standalone mode only: says where the sale page is, loudly, and opens it when asked to and a
 * desktop is there. {@code java.awt.Desktop} is no use here (Spring Boot runs headless), so the
 * platform's own opener is started instead; never on CI or without a display.
 */
@Component
@ConditionalOnProperty(name = "flashsale.standalone", havingValue = "true")
@EnableConfigurationProperties(SalePageProperties.class)
class SalePageLauncher {

    private static final Logger log = LoggerFactory.getLogger(SalePageLauncher.class);

    private final SalePageProperties props;
    private final Environment env;

    SalePageLauncher(SalePageProperties props, Environment env) {
        this.props = props;
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String url = "http://localhost:" + env.getProperty("local.server.port", "8080") + "/";
        log.info("""

                ================================================================
                  The sale page is ready:  {}
                  (standalone demo: sign in with any shopper id, e.g. u1)
                ================================================================""", url);
        List<String> opener = opener();
        if (props.openBrowser() && opener != null) {
            try {
                List<String> command = new ArrayList<>(opener);
                command.add(url);
                new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                log.info("Could not open a browser ({}); open {} yourself", e.getMessage(), url);
            }
        }
    }

    /** The command that opens a URL in the desktop's browser, or null where there is no desktop. */
    static List<String> opener() {
        if (System.getenv("CI") != null) {
            return null;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return List.of("open");
        }
        if (os.contains("win")) {
            return List.of("rundll32", "url.dll,FileProtocolHandler");
        }
        boolean display = System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
        return display ? List.of("xdg-open") : null;
    }
}
