package dev.flashsale.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The standalone data directory, owned by one JVM at a time through a lock on {@value #LOCK_FILE}
 * (the operating system drops the lock when its process dies, kill -9 included). Only the owner
 * may stop servers an earlier owner left running: without the lock a live instance's servers
 * would look the same as orphans.
 */
final class DataDirectory implements AutoCloseable {

    static final String LOCK_FILE = "standalone.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory, or fails at once naming the process that has it. */
    static DataDirectory claim(Path dir) {
        try {
            Files.createDirectories(dir);
            Path lockFile = dir.resolve(LOCK_FILE);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("The data directory " + dir.toAbsolutePath() + " is in use by another "
                        + "running flash-sale process (pid " + Files.readString(lockFile).trim() + "). Stop that one, "
                        + "or give this one its own directory with --flashsale.data-dir=...");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
            return new DataDirectory(dir, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not lock the data directory " + dir, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM already owns it (a second application context)
        }
    }

    Path resolve(String child) {
        return dir.resolve(child);
    }

    /**
     * Stops the server whose pid the given pid file names, when that process still runs and is
     * {@code executable} (a pid reused by another program is left alone). Servers stop gracefully
     * on SIGTERM: Redis flushes its AOF, Postgres shuts down cleanly once its dead clients are gone.
     *
     * @return the pid stopped, or empty when nothing was running
     */
    OptionalLong stopOrphan(Path pidFile, String executable) {
        Optional<ProcessHandle> orphan = pidIn(pidFile).flatMap(ProcessHandle::of)
                .filter(p -> p.isAlive() && p.info().command().map(c -> c.contains(executable)).orElse(false));
        if (orphan.isEmpty()) {
            return OptionalLong.empty();
        }
        ProcessHandle process = orphan.get();
        process.destroy();
        if (!exited(process, 30)) {
            process.destroyForcibly();
            if (!exited(process, 10)) {
                throw new IllegalStateException("Could not stop " + executable + " (pid " + process.pid()
                        + ") left running on " + dir.toAbsolutePath() + " by an earlier run");
            }
        }
        return OptionalLong.of(process.pid());
    }

    private static Optional<Long> pidIn(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("").trim();
            return first.matches("\\d{1,10}") ? Optional.of(Long.parseLong(first)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean exited(ProcessHandle process, int seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
