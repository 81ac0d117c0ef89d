package dev.flashsale.infra.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A job timed on its own thread keeps its period while Reactor's parallel workers are all busy; one timed on them does not. */
class BackgroundTaskTest {

    @Test
    void aJobOnItsOwnThreadKeepsTickingWhileEveryParallelWorkerIsBusy() throws Exception {
        assertThat(passesWhileParallelWorkersAreBusy(true)).isGreaterThanOrEqualTo(10);
        assertThat(passesWhileParallelWorkersAreBusy(false)).isZero();   // the same job on the shared workers
    }

    /** Passes of a 10 ms job during 300 ms in which every parallel worker is blocked. */
    private static int passesWhileParallelWorkersAreBusy(boolean ownThread) throws Exception {
        AtomicInteger passes = new AtomicInteger();
        Ticking task = new Ticking(ownThread, passes);
        task.start();
        CountDownLatch release = new CountDownLatch(1);
        Set<Thread> blocked = ConcurrentHashMap.newKeySet();
        try {
            // blocking tasks until every worker runs one (other tests' jobs may schedule on them meanwhile)
            for (int i = 0; i < 200 && blocked.size() < Schedulers.DEFAULT_POOL_SIZE; i++) {
                Schedulers.parallel().schedule(() -> {
                    blocked.add(Thread.currentThread());
                    await(release);
                });
                Thread.sleep(5);
            }
            assertThat(blocked).hasSize(Schedulers.DEFAULT_POOL_SIZE);
            int before = passes.get();
            Thread.sleep(300);
            return passes.get() - before;
        } finally {
            release.countDown();
            task.stop();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Ticking extends BackgroundTask {
        private final boolean ownThread;
        private final AtomicInteger passes;

        Ticking(boolean ownThread, AtomicInteger passes) {
            this.ownThread = ownThread;
            this.passes = passes;
        }

        @Override
        protected Disposable begin() {
            Duration period = Duration.ofMillis(10);
            var log = LoggerFactory.getLogger(BackgroundTaskTest.class);
            return ownThread
                    ? everyOnOwnThread(period, () -> Mono.fromRunnable(passes::incrementAndGet), log, "test job", "test-tick")
                    : every(period, () -> Mono.fromRunnable(passes::incrementAndGet), log, "test job");
        }
    }
}
