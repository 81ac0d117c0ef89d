package dev.flashsale.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryInUseIsRefusedNamingItsOwnerAndFreeAgainOnceReleased() throws Exception {
        try (DataDirectory owner = DataDirectory.claim(dir)) {
            assertThat(Files.readString(dir.resolve(DataDirectory.LOCK_FILE))).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> DataDirectory.claim(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another running flash-sale process (pid " + ProcessHandle.current().pid() + ")");
        }
        DataDirectory.claim(dir).close();
    }

    @Test
    void aPidFileNamingAnotherProgramOrADeadProcessStopsNothing() throws Exception {
        Files.writeString(dir.resolve("other.pid"), ProcessHandle.current().pid() + "\n"); // this JVM is no redis-server
        Files.writeString(dir.resolve("stale.pid"), "999999999\n");
        try (DataDirectory owner = DataDirectory.claim(dir)) {
            assertThat(owner.stopOrphan(dir.resolve("other.pid"), "redis-server")).isEmpty();
            assertThat(owner.stopOrphan(dir.resolve("stale.pid"), "redis-server")).isEmpty();
            assertThat(owner.stopOrphan(dir.resolve("missing.pid"), "redis-server")).isEmpty();
        }
    }
}
