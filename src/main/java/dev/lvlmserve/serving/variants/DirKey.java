package dev.lvlmserve.serving.variants;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory's identity: the file key (device and inode on Linux, the file id on NFS), which a rename keeps and a
 * new directory under the same name does not have; the modification time where a file system has no keys.
 */
final class DirKey {
    private DirKey() {}

    static Object of(Path dir) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            return a.fileKey() != null ? a.fileKey() : a.lastModifiedTime();
        } catch (IOException e) {
            return null;
        }
    }
}
