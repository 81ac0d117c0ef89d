package dev.flashsale.recommendation.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Splits product text into morphemes with Lucene's nori (mecab-ko-dic ships in the jar), so
 * "설향딸기", "딸기우유" and "딸기 500g" all share the morpheme 딸기 and particles/endings are
 * dropped. Whitespace splitting would see three unrelated words. Thread-safe: the analyzer keeps
 * one token stream per thread.
 */
public final class KoreanText {

    /** Pack sizes and counters say nothing about what a product is, yet appear in most names. */
    private static final Set<String> UNITS = Set.of("g", "kg", "ml", "l", "mg", "개", "개입", "입", "팩", "봉",
            "박스", "box", "ea", "세트", "병", "캔", "구", "통", "p", "x");
    private static final Pattern NUMBER = Pattern.compile("[0-9.,]+");

    private final Analyzer analyzer = new KoreanAnalyzer();

    public List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String t = term.toString();
                if (!UNITS.contains(t) && !NUMBER.matcher(t).matches()) {
                    terms.add(t);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }
}
