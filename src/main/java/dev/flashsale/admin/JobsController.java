package dev.flashsale.admin;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.infra.lifecycle.JobBoard;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

@RestController
class JobsController {

    private final JobBoard board;

    JobsController(JobBoard board) {
        this.board = board;
    }

    @Operation(summary = "Every background job of every live instance: last run, duration, items, failures, last"
            + " error, lag, and whether it is stale")
    @GetMapping("/admin/api/jobs")
    Mono<List<JobBoard.InstanceJobs>> jobs() {
        return board.all();
    }
}
