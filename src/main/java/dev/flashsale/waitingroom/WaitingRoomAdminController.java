package dev.flashsale.waitingroom;

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

    WaitingRoomAdminController(WaitingRooms rooms) {
        this.rooms = rooms;
    }

    @Operation(summary = "A sale's waiting room settings")
    @GetMapping
    Mono<RoomSettings> get(@PathVariable long id) {
        return Mono.fromSupplier(() -> rooms.room(id).orElseThrow(
                () -> new ApiException(ProblemType.QUEUE_NOT_FOUND, "Sale " + id + " has no waiting room.")));
    }

    @Operation(summary = "Create or change a sale's waiting room: {enabled, opensAt, admitPerSecond, admissionTtl} (audited)")
    @PutMapping
    Mono<RoomSettings> put(@PathVariable long id, @RequestBody RoomSettings.Request request) {
        return rooms.save(id, request);
    }
}
