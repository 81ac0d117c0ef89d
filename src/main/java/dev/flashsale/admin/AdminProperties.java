package dev.flashsale.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator console's server side.
 *
 * @param liveMaxStreams open live monitors ({@code GET /admin/api/sales/{id}/live}) one instance serves;
 *                       each polls Redis once a second, so a forgotten tab or a script cannot multiply that
 */
@ConfigurationProperties("flashsale.admin")
record AdminProperties(@DefaultValue("20") int liveMaxStreams) {

    AdminProperties {
        if (liveMaxStreams < 1) {
            throw new IllegalStateException("flashsale.admin.live-max-streams must be at least 1");
        }
    }
}
