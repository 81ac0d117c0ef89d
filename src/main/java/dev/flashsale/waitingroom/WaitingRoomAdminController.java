package dev.flashsale.waitingroom;

import java.time.Clock;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

/** A sale's waiting-room settings, kept by the waiting room (its own table), not on the catalog's sale. */
@RestController
@RequestMapping("/admin/api/sales/{id}/waiting-room")
class WaitingRoomAdminController {

    private final WaitingRooms rooms;
    private final Queue queue;
    private final Clock clock;

    WaitingRoomAdminController(WaitingRooms rooms, Queue queue, Clock clock) {
        this.rooms = rooms;
        this.queue = queue;
        this.clock = clock;
    }

    @Operation(summary = "A sale's waiting room settings")
    @GetMapping
    Mono<RoomSettings> get(@PathVariable long id) {
        return Mono.fromSupplier(() -> room(id));
    }

    @Operation(summary = "A room live: queued, admitted and unused, admissions so far, pre-queue size, admissions per second (last 60 s)")
    @GetMapping("/live")
    Mono<Queue.Live> live(@PathVariable long id) {
        return Mono.fromSupplier(() -> room(id)).then(queue.live(id, clock.instant().getEpochSecond()));
    }

    private RoomSettings room(long id) {
        return rooms.room(id).orElseThrow(() -> new ApiException(ProblemType.QUEUE_NOT_FOUND, "Sale " + id + " has no waiting room."));
    }

    @Operation(summary = "Create or change a sale's waiting room: {enabled, opensAt, admitPerSecond, admissionTtl} (audited)")
    @PutMapping
    Mono<RoomSettings> put(@PathVariable long id, @RequestBody RoomSettings.Request request) {
        return rooms.save(id, request);
    }
}
