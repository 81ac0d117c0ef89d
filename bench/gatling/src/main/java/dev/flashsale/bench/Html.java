package dev.flashsale.bench;

import java.util.List;
import java.util.Map;

/** A self-contained HTML report: the summary tables and, per scenario, latency over time as inline SVG. */
final class Html {

    private static final int W = 720;
    private static final int H = 220;
    private static final int PAD = 40;

    private Html() {
    }

    static String page(Report report, List<Outcome> outcomes, String markdownTables) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(report.title())).append("</title><style>body{font:14px sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
                        + "svg{background:#fafafa;border:1px solid #ddd}</style></head><body><h1>")
                .append(escape(report.title())).append("</h1>");
        html.append(tables(markdownTables));
        for (Outcome o : outcomes) {
            html.append("<h2>").append(escape(o.scenario + " / " + o.target)).append(String.format(" — %.0f arrivals/s</h2>", o.rate));
            if (o.gatlingReport != null) {
                html.append("<p><a href=\"").append(escape(o.gatlingReport)).append("\">Gatling report</a></p>");
            }
            html.append(chart(o.samples.perSecond(o.startMillis)));
        }
        return html.append("</body></html>").toString();
    }

    /** Latency per second on a log scale (p50 blue, p99 orange, max grey) over responses per second (bars). */
    static String chart(List<Map<String, Object>> series) {
        if (series.isEmpty()) {
            return "<p>no answers</p>";
        }
        long seconds = (Long) series.get(series.size() - 1).get("second") + 1;
        int peak = series.stream().mapToInt(p -> (Integer) p.get("responses")).max().orElse(1);
        double x = (double) (W - 2 * PAD) / Math.max(1, seconds);
        StringBuilder svg = new StringBuilder(String.format("<svg width=\"%d\" height=\"%d\">", W, H));
        for (int ms : new int[] {1, 10, 100, 1000, 10000}) {
            double y = y(ms);
            svg.append(String.format("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"2\" y=\"%.1f\" font-size=\"10\">%d ms</text>", PAD, W - PAD, y, y, y + 3, ms));
        }
        for (Map<String, Object> p : series) {
            double h = (H - 2 * PAD) * (Integer) p.get("responses") / (double) peak;
            svg.append(String.format("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" opacity=\"0.25\"/>",
                    PAD + (Long) p.get("second") * x, H - PAD - h, Math.max(1, x - 1), h,
                    (Integer) p.get("errors") > 0 ? "#d62728" : "#2ca02c"));
        }
        line(svg, series, "max", "#999", x);
        line(svg, series, "p99", "#ff7f0e", x);
        line(svg, series, "p50", "#1f77b4", x);
        svg.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\">seconds 0-%d; bars: answers/s (peak %d, red = errors);"
                + " lines: p50 (blue), p99 (orange), max (grey)</text>", PAD, H - 8, seconds, peak));
        return svg.append("</svg>").toString();
    }

    private static void line(StringBuilder svg, List<Map<String, Object>> series, String key, String colour, double x) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"");
        for (Map<String, Object> p : series) {
            svg.append(String.format("%.1f,%.1f ", PAD + ((Long) p.get("second") + 0.5) * x, y((Integer) p.get(key))));
        }
        svg.append("\"/>");
    }

    /** log10 scale from 1 ms (bottom) to 10 s (top). */
    private static double y(int millis) {
        double v = Math.log10(Math.max(1, millis)) / 4.0;
        return H - PAD - v * (H - 2 * PAD);
    }

    /** The Markdown tables and lists of the summary, as HTML. */
    private static String tables(String md) {
        StringBuilder html = new StringBuilder();
        boolean inTable = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                if (line.startsWith("|---")) {
                    continue;
                }
                html.append(inTable ? "" : "<table>").append("<tr>");
                for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                    html.append(inTable ? "<td>" : "<th>").append(escape(cell.trim())).append(inTable ? "</td>" : "</th>");
                }
                html.append("</tr>");
                inTable = true;
            } else {
                html.append(inTable ? "</table>" : "");
                inTable = false;
                html.append(line.isBlank() ? "" : "<p>" + escape(line) + "</p>");
            }
        }
        return html.append(inTable ? "</table>" : "").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
