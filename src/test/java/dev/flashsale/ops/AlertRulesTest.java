package dev.flashsale.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The alert rules fire when, and only when, their unit tests say (prometheus/alerts-test.yml: input
 * series, expected alerts with labels and annotations), checked by Prometheus's own {@code promtool}.
 * {@code .ci/run} installs it (Debian package {@code prometheus}); without it the test is skipped.
 */
class AlertRulesTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void alertRulesParseAndPassTheirUnitTests() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed (apt-get install prometheus): alert rules not checked");
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS");
        assertThat(promtool("test", "rules", "alerts-test.yml")).contains("SUCCESS");
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = PROMTOOL.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).directory(Path.of("prometheus").toFile())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
