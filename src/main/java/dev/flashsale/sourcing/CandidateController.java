package dev.flashsale.sourcing;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

/** Admin view of products found through external MCP servers, and their import into the catalog. */
@RestController
@RequestMapping("/admin/api/marketplace/candidates")
class CandidateController {

    record CandidateSearch(String query, List<Candidate> candidates, List<ExternalProductCollector.SourceOutcome> sources) {
    }

    private final ExternalProductCollector collector;
    private final CandidateStore store;
    private final CandidateImport importer;

    CandidateController(ExternalProductCollector collector, CandidateStore store, CandidateImport importer) {
        this.collector = collector;
        this.store = store;
        this.importer = importer;
    }

    @Operation(summary = "Search the configured external MCP servers and group the offers into candidates")
    @GetMapping
    Mono<CandidateSearch> search(@RequestParam @NotBlank @Size(max = 100) String query) {
        return collector.search(query.strip()).flatMap(collected -> {
            List<Candidate> candidates = CandidateAnalysis.candidates(collected.products());
            return store.remember(candidates).thenReturn(new CandidateSearch(query.strip(), candidates, collected.sources()));
        });
    }

    @Operation(summary = "Create a catalog product from a candidate found by a recent search")
    @PostMapping("/{id}/import")
    Mono<ResponseEntity<CandidateImport.Imported>> importCandidate(@PathVariable String id) {
        return store.find(id)
                .switchIfEmpty(Mono.error(() -> new ApiException(ProblemType.NOT_FOUND,
                        "No recent candidate " + id + "; search again, candidates are kept for a while only.")))
                .flatMap(importer::importProduct)
                .map(p -> ResponseEntity.created(URI.create("/admin/api/products/" + p.productId())).body(p));
    }
}
