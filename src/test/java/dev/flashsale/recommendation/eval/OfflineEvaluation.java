package dev.flashsale.recommendation.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One command for the offline evaluation (see docs/recommendations.md):
 * generates the synthetic shop, splits it by time, scores every ranker and prints the table,
 * which it also writes to {@code target/recommendation-eval.md}.
 */
public final class OfflineEvaluation {

    public static void main(String[] args) throws IOException {
        SyntheticShop.Config config = SyntheticShop.Config.FULL;
        long started = System.nanoTime();
        SyntheticShop.World world = SyntheticShop.generate(config);
        Evaluation.Report report = Evaluation.run(world, Duration.ofDays(config.days() * 4L / 5));
        String table = markdown(config, report, (System.nanoTime() - started) / 1_000_000);
        System.out.println(table);
        Path out = Path.of(args.length > 0 ? args[0] : "target/recommendation-eval.md");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out);
    }

    static String markdown(SyntheticShop.Config config, Evaluation.Report report, long millis) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Synthetic shop: %d shoppers, %d products listed before the split, "
                + "%d training events, %d test shoppers (seed %d, %d days, last %d days held out; %d ms).%n%n",
                report.shoppers(), report.products(), report.trainEvents(), report.testShoppers(), config.seed(),
                config.days(), config.days() - config.days() * 4 / 5, millis));
        sb.append("| ranker | hit-rate@10 | NDCG@10 | coverage |\n| --- | ---: | ---: | ---: |\n");
        for (Evaluation.Row r : report.rows()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", r.ranker(), r.hitRate(), r.ndcg(),
                    r.coverage()));
        }
        double lift = report.row("hybrid").hitRate() / Math.max(1e-9, report.row("popularity").hitRate());
        sb.append(String.format(Locale.ROOT, "%nHybrid hit-rate@10 is %.2fx popularity's.%n", lift));
        return sb.toString();
    }

    private OfflineEvaluation() {
    }
}
