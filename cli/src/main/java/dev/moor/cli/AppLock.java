package dev.moor.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a running Moor holds on its app, so two never run one app. The operating system releases it
 * when the process dies, even by {@code kill -9}.
 */
final class AppLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private AppLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static AppLock acquire(Path file, String app) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
                channel.close();
                throw new UserError("a Moor already runs app " + app + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + "; stop it first, or use moor status / moor scale to talk to it");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new AppLock(channel, lock);
        } catch (IOException e) {
            throw new UserError("cannot lock " + file + ": " + e.getMessage());
        }
    }

    /** Whether some process holds the lock of an app now. */
    static boolean isHeld(Path file) {
        if (!java.nio.file.Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The process is ending; the operating system releases the lock anyway.
        }
    }
}
